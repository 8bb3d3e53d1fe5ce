// Random (x, y) windows of block_size tokens, y shifted one ahead (the lecture's get_batch).
import type { Rng } from '../engine/rng.js';
import { tf } from '../engine/tf.js';
import { ComponentInputError } from '../registry/errors.js';

export interface TokenSplits {
  train: Int32Array;
  val: Int32Array;
}

/** The last `valFraction` of the tokens for validation, the rest for training. */
export function splitTokens(tokens: Int32Array, valFraction: number): TokenSplits {
  const trainLength = Math.floor(tokens.length * (1 - valFraction));
  return { train: tokens.subarray(0, trainLength), val: tokens.subarray(trainLength) };
}

export interface Batch {
  x: tf.Tensor2D; // (B, T) inputs
  y: tf.Tensor2D; // (B, T) next tokens
}

export class BatchSampler {
  private readonly xs: Int32Array;
  private readonly ys: Int32Array;

  constructor(
    private readonly tokens: Int32Array,
    private readonly blockSize: number,
    private readonly batchSize: number,
    private readonly rng: Rng,
    splitName: string,
  ) {
    if (tokens.length <= blockSize) {
      throw new ComponentInputError(
        `the ${splitName} split has ${tokens.length} tokens, too few for windows of block_size ${blockSize} (needs at least ${blockSize + 1})`,
      );
    }
    this.xs = new Int32Array(batchSize * blockSize);
    this.ys = new Int32Array(batchSize * blockSize);
  }

  /** A fresh batch; the caller owns (and disposes) the tensors. */
  next(): Batch {
    const { blockSize, batchSize, tokens } = this;
    const starts = tokens.length - blockSize;
    for (let row = 0; row < batchSize; row++) {
      const start = this.rng.int(starts);
      this.xs.set(tokens.subarray(start, start + blockSize), row * blockSize);
      this.ys.set(tokens.subarray(start + 1, start + 1 + blockSize), row * blockSize);
    }
    return {
      x: tf.tensor2d(this.xs, [batchSize, blockSize], 'int32'),
      y: tf.tensor2d(this.ys, [batchSize, blockSize], 'int32'),
    };
  }
}
