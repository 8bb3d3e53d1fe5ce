// Preference pairs as token tensors: chosen rows first, then rejected rows, padded at the end.
import { tf } from './tf.js';

/** A prompt and two completions as token ids (the shape of the registry's PreferencePair). */
export interface TokenPair {
  prompt: readonly number[];
  chosen: readonly number[];
  rejected: readonly number[];
}

/** 2P sequences of one length L: inputs, next tokens, and which positions score the completion. */
export interface PairTensors {
  /** (2P, L) inputs: rows 0..P-1 are prompt+chosen, rows P..2P-1 prompt+rejected. */
  x: tf.Tensor2D;
  /** (2P, L) the token after each input position. */
  y: tf.Tensor2D;
  /** (2P, L) 1 where y is a completion token (its log-probability counts), else 0. */
  completionMask: tf.Tensor2D;
  /** (2P, L) 1 at each row's last real position, else 0. */
  lastMask: tf.Tensor2D;
  /** (2P, L) 1 at each row's real (not padding) positions, divided by their count: a mean over the text. */
  meanMask: tf.Tensor2D;
  pairs: number;
}

/** One sequence per row, cropped from the left to `blockSize + 1` tokens so the model sees it whole. */
function rowsOf(pairs: readonly TokenPair[], blockSize: number): { tokens: number[]; completionStart: number }[] {
  const row = (prompt: readonly number[], completion: readonly number[]) => {
    const whole = [...prompt, ...completion];
    const drop = Math.max(0, whole.length - (blockSize + 1));
    return { tokens: whole.slice(drop), completionStart: Math.max(0, prompt.length - drop) };
  };
  return [...pairs.map((p) => row(p.prompt, p.chosen)), ...pairs.map((p) => row(p.prompt, p.rejected))];
}

/** The pairs' tensors (the caller owns them). Every completion needs at least one token. */
export function pairTensors(pairs: readonly TokenPair[], blockSize: number): PairTensors {
  const rows = rowsOf(pairs, blockSize);
  const length = Math.max(...rows.map((r) => r.tokens.length - 1)); // inputs are all tokens but the last
  const x = new Int32Array(rows.length * length);
  const y = new Int32Array(rows.length * length);
  const completionMask = new Float32Array(rows.length * length);
  const lastMask = new Float32Array(rows.length * length);
  const meanMask = new Float32Array(rows.length * length);
  rows.forEach(({ tokens, completionStart }, r) => {
    const inputs = tokens.length - 1;
    for (let t = 0; t < inputs; t++) {
      x[r * length + t] = tokens[t]!;
      y[r * length + t] = tokens[t + 1]!;
      // Position t predicts token t+1: it counts when that token belongs to the completion.
      if (t + 1 >= completionStart) completionMask[r * length + t] = 1;
    }
    lastMask[r * length + inputs - 1] = 1;
    meanMask.fill(1 / inputs, r * length, r * length + inputs);
  });
  const shape: [number, number] = [rows.length, length];
  return {
    x: tf.tensor2d(x, shape, 'int32'),
    y: tf.tensor2d(y, shape, 'int32'),
    completionMask: tf.tensor2d(completionMask, shape),
    lastMask: tf.tensor2d(lastMask, shape),
    meanMask: tf.tensor2d(meanMask, shape),
    pairs: pairs.length,
  };
}

export function disposePairTensors(tensors: PairTensors | undefined): void {
  if (tensors !== undefined) tf.dispose([tensors.x, tensors.y, tensors.completionMask, tensors.lastMask, tensors.meanMask]);
}
