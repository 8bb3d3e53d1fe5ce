// DPO's sanity checks: ln 2 and zero rewards while the policy is its reference; its gradient
// against finite differences; a tiny policy learning what a regex reward asks for.
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../framework/engine/rng.js';
import { tf } from '../../framework/engine/tf.js';
import type { Objective, PreferencePair } from '../../framework/registry/alignment.js';
import { optimizerStep } from '../../framework/training/step.js';
import { fixedPairs, objectiveContext, registry, tinyPolicyAndReference, type TinyAlignment } from './tiny-policy.js';

const dpo = (beta: number, evalSamples = 0) => ({ type: 'dpo', beta, pretrain_weight: 0, max_val_rise: 0.1, eval_samples: evalSamples, eval_tokens: 8 });

function pairsOf(tiny: TinyAlignment): PreferencePair[] {
  const ids = (text: string) => Array.from(tiny.policy.parts.tokenizer.encode(text));
  return [
    { prompt: ids('To be'), chosen: ids(', or not'), rejected: ids(' that is') },
    { prompt: ids('the q'), chosen: ids('uestion.'), rejected: ids('to be, o') },
  ];
}

const lossOf = (objective: Objective, tiny: TinyAlignment) => tf.tidy(() => objective.loss(tiny.policy.model, false).dataSync()[0]!);

let tiny: TinyAlignment | undefined;
afterEach(() => tiny?.dispose());

describe('objective dpo', () => {
  it('is ln 2 with every reward 0 at the first step, when the policy is its reference', async () => {
    tiny = await tinyPolicyAndReference();
    const objective = registry.create('objective', dpo(0.1), objectiveContext(tiny, { preferences: fixedPairs(pairsOf(tiny)) }));
    await objective.prepare!(1, tiny.policy.model);
    expect(Math.abs(lossOf(objective, tiny) - Math.LN2)).toBeLessThan(1e-4);
    expect(await objective.logged!()).toEqual({ 'rewards/chosen': 0, 'rewards/rejected': 0, 'rewards/margins': 0, 'rewards/accuracies': 0 });
    objective.dispose!();
  });

  it('has the gradient finite differences give, once the policy has moved from the reference', async () => {
    tiny = await tinyPolicyAndReference();
    const rng = new Rng(11);
    // Larger weights than the init, and beta 1, so that the gradients are big enough to compare.
    const parameters = tiny.policy.parts.parameters.all;
    for (const p of parameters) p.variable.assign(tf.randomNormal(p.variable.shape, 0, 0.5, 'float32', rng.seed()));
    const objective = registry.create('objective', dpo(1), objectiveContext(tiny, { preferences: fixedPairs(pairsOf(tiny)) }));
    await objective.prepare!(1, tiny.policy.model);
    expect(Math.abs(lossOf(objective, tiny) - Math.LN2)).toBeGreaterThan(1e-3); // the two models differ now

    const { grads, value } = tf.variableGrads(() => objective.loss(tiny!.policy.model, false), parameters.map((p) => p.variable));
    value.dispose();
    const eps = 1e-2;
    let checked = 0;
    for (const p of parameters) {
      const analytic = grads[p.variable.name]!.dataSync();
      const original = p.variable.dataSync().slice() as Float32Array;
      for (let probe = 0; probe < 3; probe++) {
        const i = rng.int(original.length);
        const at = (delta: number) => {
          const values = original.slice();
          values[i] = original[i]! + delta;
          p.variable.assign(tf.tensor(values, p.variable.shape));
          return lossOf(objective, tiny!);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        p.variable.assign(tf.tensor(original, p.variable.shape));
        expect(Math.abs(numeric - analytic[i]!), `${p.name}[${i}]: numeric ${numeric}, analytic ${analytic[i]}`).toBeLessThan(2e-3 + 0.02 * Math.abs(analytic[i]!));
        checked++;
      }
    }
    expect(checked).toBe(parameters.length * 3);
    tf.dispose(Object.values(grads));
    await objective.logged!();
    objective.dispose!();
  });

  it('teaches a tiny policy, by self-play, to write what a regex reward counts', async () => {
    tiny = await tinyPolicyAndReference();
    const ctx = objectiveContext(tiny);
    const reward = registry.create('reward', { type: 'regex', pattern: 'o', flags: '', mode: 'count', weight: 1 }, { ...ctx, loadRun: () => Promise.reject(new Error('no store')) });
    const preferences = registry.create('preferences', { type: 'self-play', prompts: 4, completions: 4, prompt_tokens: 3, tokens: 8, temperature: 1, max_rounds: 3 }, { ...ctx, trainTokens: tiny.tokens, reward });
    const objective = registry.create('objective', dpo(0.5, 32), { ...ctx, preferences, reward });
    const policy = tiny.policy.model;
    const before = await objective.evaluate!(policy);
    const tensorsAfterStep: number[] = [];
    let trained: Record<string, number> = {};
    for (let step = 1; step <= 25; step++) {
      await objective.prepare!(step, policy);
      const { loss, gradNorm } = optimizerStep({ parameters: tiny.policy.parts.parameters, optimizer: tiny.policy.parts.optimizer, loss: () => objective.loss(policy, true), gradClip: 1 }, 1e-2);
      tf.dispose([loss, gradNorm]);
      if (step % 5 === 0) trained = await objective.logged!(); // as the trainer does at each logged step
      tensorsAfterStep.push(tf.memory().numTensors);
    }
    // Nothing piles up from step to step (pairs, reference log-probs and metrics are all freed).
    expect(new Set(tensorsAfterStep.filter((_, i) => i % 5 === 4)).size).toBe(1);
    const after = await objective.evaluate!(policy);
    // 8 characters of 13 kinds: about 0.6 o's at the start; the policy learns to write many more.
    expect(after['reward/mean']!).toBeGreaterThan(before['reward/mean']! + 2);
    expect(after['policy/kl']!).toBeGreaterThan(0);
    expect(before['policy/kl']).toBe(0);
    expect(trained['rewards/margins']!).toBeGreaterThan(0);
    objective.dispose!();
  });
});
