// TensorFlow.js's plain JavaScript engine: slow, but the reference the others are checked against.
import { defineComponent } from '../../framework/registry/index.js';
import { activateCpu } from '../../framework/engine/backends.js';

export default defineComponent({
  kind: 'backend',
  type: 'cpu',
  summary: 'plain JavaScript (slow; the reference implementation)',
  params: { type: 'object', properties: {} },
  create: () => ({ activate: activateCpu }),
});
