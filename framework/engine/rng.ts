// Seeded pseudo-random numbers (SplitMix32): the same seed gives the same run.

/**
 * The generator's state is 32 bits: seeds are 0 to 2^32 - 1. A larger one would wrap (2^32 + 1
 * trains exactly like 1 while being recorded as another seed), so configs and flags refuse it.
 */
export const MAX_SEED = 2 ** 32 - 1;

/** Whether `value` is a seed the generator takes as it is. */
export function isSeed(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_SEED;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A fresh 31-bit seed for a tfjs random op or a child generator. */
  seed(): number {
    return Math.floor(this.next() * 0x7fffffff);
  }

  /** The whole state: a checkpoint stores it so that a resumed run draws what it would have drawn. */
  get position(): number {
    return this.state;
  }

  /** Continues from a `position` read earlier. */
  moveTo(position: number): void {
    this.state = position >>> 0;
  }

  /** An independent generator, so adding draws in one place does not shift another. */
  fork(): Rng {
    return new Rng(this.seed());
  }
}
