// The pretraining objective: cross-entropy of the next token on random windows of the training text.
import { defineComponent, type Objective } from '../../framework/registry/index.js';

export default defineComponent({
  kind: 'objective',
  type: 'next-token',
  summary: "next-token cross-entropy on the training text (the default: a config without objective: trains this)",
  params: { type: 'object', properties: {} },
  create: (_params: object, ctx): Objective => ({ loss: (policy, training) => ctx.nextTokenLoss(policy, training) }),
});
