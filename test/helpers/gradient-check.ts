// Finite differences against autodiff for every parameter of a model built from a run config.
import { expect } from 'vitest';
import type { RunConfig } from '../../framework/config/types.js';
import { Rng } from '../../framework/engine/rng.js';
import { tf } from '../../framework/engine/tf.js';
import { batchLoss } from '../../framework/training/loss.js';
import { buildTiny } from './tiny-gpt.js';

/** Builds `config`'s model over `vocab` tokens and compares 3 random entries of each parameter's gradient. */
export async function expectGradientsMatchDifferences(config: RunConfig, vocab: number): Promise<void> {
  const { parts, model } = await buildTiny(config, vocab);
  const rng = new Rng(11);
  // Larger weights than the 0.02 init, so gradients are big enough to compare meaningfully.
  for (const p of parts.parameters.all) p.variable.assign(tf.randomNormal(p.variable.shape, 0, 0.5, 'float32', rng.seed()));
  const time = Math.min(4, model.blockSize);
  const ids = Array.from({ length: 2 * time }, () => rng.int(vocab));
  const targets = Array.from({ length: 2 * time }, () => rng.int(vocab));
  const batch = { x: tf.tensor2d(ids, [2, time], 'int32'), y: tf.tensor2d(targets, [2, time], 'int32') };
  const lossValue = () => tf.tidy(() => batchLoss(model, batch, false).dataSync()[0]!);

  const variables = parts.parameters.all.map((p) => p.variable);
  const { grads, value } = tf.variableGrads(() => batchLoss(model, batch, false), variables);
  value.dispose();

  const eps = 1e-2;
  let checked = 0;
  for (const p of parts.parameters.all) {
    const analytic = grads[p.variable.name]!.dataSync();
    const original = p.variable.dataSync().slice() as Float32Array;
    for (let probe = 0; probe < 3; probe++) {
      const i = rng.int(original.length);
      const perturbed = (delta: number) => {
        const values = original.slice();
        values[i] = original[i]! + delta;
        p.variable.assign(tf.tensor(values, p.variable.shape));
        return lossValue();
      };
      const numeric = (perturbed(eps) - perturbed(-eps)) / (2 * eps);
      p.variable.assign(tf.tensor(original, p.variable.shape));
      expect(Math.abs(numeric - analytic[i]!), `${p.name}[${i}]: numeric ${numeric}, analytic ${analytic[i]}`).toBeLessThan(
        2e-3 + 0.02 * Math.abs(analytic[i]!),
      );
      checked++;
    }
  }
  expect(checked).toBe(parts.parameters.all.length * 3);
  tf.dispose(Object.values(grads));
  parts.parameters.dispose();
}
