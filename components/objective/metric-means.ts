// Per-step metric tensors kept across steps, read once when the trainer logs (one transfer).
import { tf } from '../../framework/engine/index.js';

export class MetricMeans {
  private pending: tf.Tensor1D[] = [];

  constructor(private readonly names: readonly string[]) {}

  /** Keeps one step's values (a (names.length) tensor) past the step's tidy scope. */
  add(values: tf.Tensor1D): void {
    this.pending.push(tf.keep(values));
  }

  /** The mean of each metric over the steps added since the last call. */
  async read(): Promise<Record<string, number>> {
    const steps = this.pending;
    this.pending = [];
    if (steps.length === 0) return {};
    const all = await Promise.all(steps.map((t) => t.data()));
    tf.dispose(steps);
    return Object.fromEntries(this.names.map((name, i) => [name, all.reduce((sum, v) => sum + v[i]!, 0) / all.length]));
  }

  dispose(): void {
    tf.dispose(this.pending);
    this.pending = [];
  }
}
