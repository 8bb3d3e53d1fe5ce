// Native TensorFlow through @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, when the user installed one.
import { defineComponent } from '../../framework/registry/index.js';
import { requireTensorflow } from '../../framework/engine/backends.js';

export default defineComponent({
  kind: 'backend',
  type: 'tensorflow',
  summary: 'native TensorFlow via @tensorflow/tfjs-node-gpu or tfjs-node (install separately)',
  params: { type: 'object', properties: {} },
  create: () => ({ activate: requireTensorflow }),
});
