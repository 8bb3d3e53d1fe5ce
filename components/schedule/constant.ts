// The optimizer's lr at every step.
import { defineComponent, type Schedule } from '../../framework/registry/index.js';

export default defineComponent({
  kind: 'schedule',
  type: 'constant',
  summary: "the optimizer's lr throughout",
  params: { type: 'object', properties: {} },
  create: (_params: object, ctx): Schedule => ({ lrAt: () => ctx.baseLr }),
});
