// Trainable weights, created by name inside nested scopes ("h.0.attn.c_attn.weight").
import type { Parameter } from './parameter.js';
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

/**
 * How `linear` and `embedding` weights start:
 * - `gpt2`: N(0, 0.02) everywhere, residual projections scaled by 1/sqrt(2 n_layer) (nanoGPT);
 * - `torch`: PyTorch's defaults, U(±1/sqrt(fan_in)) for linear weights and N(0, 1) for embeddings
 *   (the lecture's code, which inherits them).
 */
export type InitScheme = 'gpt2' | 'torch';
export const INIT_SCHEMES: readonly InitScheme[] = ['gpt2', 'torch'];

export interface LinearOptions {
  /** For a projection back into the residual stream: the model's layer count (gpt2 scales by it). */
  residualLayers?: number;
}

export class ParameterScope {
  constructor(
    private readonly store: ParameterStore,
    private readonly prefix: string,
    private readonly rng: Rng,
    readonly init: InitScheme = 'gpt2',
  ) {}

  scope(name: string | number): ParameterScope {
    return new ParameterScope(this.store, this.qualify(String(name)), this.rng, this.init);
  }

  /** The same scope, with layers below it initialised by `scheme`. */
  withInit(scheme: InitScheme): ParameterScope {
    return new ParameterScope(this.store, this.prefix, this.rng, scheme);
  }

  /** A linear layer's weight, shape (in, out), decayed. */
  linear(name: string, shape: [number, number], options: LinearOptions = {}): tf.Variable {
    if (this.init === 'torch') {
      const bound = 1 / Math.sqrt(shape[0]);
      const initial = tf.randomUniform(shape, -bound, bound, 'float32', this.rng.seed());
      return this.store.add(this.qualify(name), initial, true);
    }
    const scale = options.residualLayers === undefined ? 1 : 1 / Math.sqrt(2 * options.residualLayers);
    return this.normal(name, shape, 0.02 * scale, { decay: true });
  }

  /** A lookup table (rows are looked up, not multiplied), not decayed. */
  embedding(name: string, shape: [number, number]): tf.Variable {
    return this.normal(name, shape, this.init === 'torch' ? 1 : 0.02, { decay: false });
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
