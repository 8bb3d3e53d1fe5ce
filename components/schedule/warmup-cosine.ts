// Linear warmup to the optimizer's lr, then cosine decay to min_lr (nanoGPT's schedule).
import { defineComponent, type CheckContext, type CheckProblem, type Schedule } from '../../framework/registry/index.js';

interface WarmupCosineParams {
  warmup_iters: number;
  min_lr: number;
  /** Steps over which to decay; defaults to train.max_iters. */
  decay_iters?: number;
}

export default defineComponent({
  kind: 'schedule',
  type: 'warmup-cosine',
  summary: 'linear warmup, then cosine decay to min_lr',
  params: {
    type: 'object',
    required: ['min_lr'],
    properties: {
      warmup_iters: { type: 'integer', minimum: 0, default: 100 },
      min_lr: { type: 'number', minimum: 0, description: 'learning rate at the end of the decay' },
      decay_iters: { type: 'integer', minimum: 1, description: 'steps until min_lr (default: train.max_iters)' },
    },
  },
  create: (params: WarmupCosineParams, ctx): Schedule => {
    const decayIters = params.decay_iters ?? ctx.maxIters;
    const { warmup_iters: warmup, min_lr: minLr } = params;
    return {
      lrAt(step) {
        if (step < warmup) return (ctx.baseLr * (step + 1)) / (warmup + 1);
        if (step >= decayIters) return minLr;
        const progress = (step - warmup) / Math.max(1, decayIters - warmup);
        return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (ctx.baseLr - minLr);
      },
    };
  },
  check: (params: WarmupCosineParams, ctx) => problems(params, ctx),
});

// A warmup longer than the run is allowed on purpose: a quick try of a config with --set train.max_iters=50.
function problems(params: WarmupCosineParams, { baseLr }: CheckContext): CheckProblem[] {
  if (baseLr === undefined || params.min_lr <= baseLr) return [];
  return [{ key: 'min_lr', message: `min_lr ${params.min_lr} is above the optimizer's lr ${baseLr}: the "decay" would raise the learning rate` }];
}
