// A run's inversify container, with typed reads, and the two ways its set-up adds to it: a
// binding built from other services when first asked for, and a value the set-up has learned.
import { Container, type ResolutionContext } from 'inversify';
import type { ServiceId } from './tokens.js';

/** How a binding reads the services it is built from. */
export interface Resolver {
  <T>(id: ServiceId<T>): T;
  /** The service, or undefined where this run has none (a run without a checkpoint policy). */
  optional<T>(id: ServiceId<T>): T | undefined;
}

export class RunContainer {
  // Singleton: each component is built once per run, and every reader gets that one.
  private readonly container = new Container({ defaultScope: 'Singleton' });

  /** Binds `id` to what `build` makes of other services; built the first time it is asked for. */
  define<T>(id: ServiceId<T>, build: (resolve: Resolver) => T): void {
    this.container.bind<T>(id).toDynamicValue((context) => build(resolverOf(context)));
  }

  /** Binds a value only the running set-up knows (the backend that started, the vocabulary, the run's log). */
  provide<T>(id: ServiceId<T>, value: T): void {
    this.container.bind<T>(id).toConstantValue(value);
  }

  get<T>(id: ServiceId<T>): T {
    return this.container.get<T>(id);
  }

  has(id: ServiceId<unknown>): boolean {
    return this.container.isBound(id);
  }
}

function resolverOf(context: ResolutionContext): Resolver {
  const resolve = <T>(id: ServiceId<T>): T => context.get<T>(id);
  resolve.optional = <T>(id: ServiceId<T>): T | undefined => context.get<T>(id, { optional: true });
  return resolve;
}
