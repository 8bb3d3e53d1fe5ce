// Trainable weights, created by name inside nested scopes ("h.0.attn.c_attn.weight").
import type { Parameter } from '../registry/contracts.js';
import type { Rng } from './rng.js';
import { tf } from './tf.js';

let storesCreated = 0;

export class ParameterStore {
  private readonly byName = new Map<string, Parameter>();
  /** tfjs variable names are global to the process; this keeps two models' apart. */
  private readonly variablePrefix = `folio${++storesCreated}/`;

  constructor(private readonly rng: Rng) {}

  root(): ParameterScope {
    return new ParameterScope(this, '', this.rng);
  }

  get all(): Parameter[] {
    return [...this.byName.values()];
  }

  count(): number {
    return this.all.reduce((sum, p) => sum + p.variable.size, 0);
  }

  add(name: string, initial: tf.Tensor, decay: boolean): tf.Variable {
    if (this.byName.has(name)) throw new Error(`parameter ${name} created twice`);
    const variable = tf.variable(initial, true, this.variablePrefix + name);
    initial.dispose();
    this.byName.set(name, { name, variable, decay });
    return variable;
  }

  get(name: string): Parameter | undefined {
    return this.byName.get(name);
  }

  dispose(): void {
    for (const p of this.byName.values()) p.variable.dispose();
    this.byName.clear();
  }
}

export interface ParameterOptions {
  /** Weight decay applies (default: only to tensors of rank >= 2 that are not embeddings). */
  decay?: boolean;
}

export class ParameterScope {
  constructor(
    private readonly store: ParameterStore,
    private readonly prefix: string,
    private readonly rng: Rng,
  ) {}

  scope(name: string | number): ParameterScope {
    return new ParameterScope(this.store, this.qualify(String(name)), this.rng);
  }

  /** Normal(0, std) initialised weights, seeded from the run's generator. */
  normal(name: string, shape: number[], std: number, options: ParameterOptions = {}): tf.Variable {
    const initial = tf.randomNormal(shape, 0, std, 'float32', this.rng.seed());
    return this.store.add(this.qualify(name), initial, options.decay ?? shape.length >= 2);
  }

  zeros(name: string, shape: number[], options: ParameterOptions = {}): tf.Variable {
    return this.store.add(this.qualify(name), tf.zeros(shape), options.decay ?? false);
  }

  ones(name: string, shape: number[], options: ParameterOptions = {}): tf.Variable {
    return this.store.add(this.qualify(name), tf.ones(shape), options.decay ?? false);
  }

  private qualify(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}.${name}`;
  }
}
