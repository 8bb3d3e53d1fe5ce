// ctx.services: the run's services as one object every component is given, each read from the
// container when the component asks (a vocabulary does not exist when the tokenizer is built).
import type { ActiveBackend, MetricsRecorder, RunServices, Tokenizer, Vocabulary } from '../registry/contracts.js';
import { ComponentInputError } from '../registry/errors.js';
import { RunContainer } from './run-container.js';
import { COMPONENTS, LEARNED, RUN, type ServiceId } from './tokens.js';

export class ContainerServices implements RunServices {
  constructor(private readonly run: RunContainer) {}

  get cacheDir(): string {
    return this.run.get(RUN.cacheDir);
  }

  get backend(): ActiveBackend {
    return this.learned(LEARNED.activeBackend, 'the backend is known once it has started: ask for it when the component runs, not in a backend factory');
  }

  get tokenizer(): Tokenizer {
    return this.learned(COMPONENTS.tokenizer, 'no run is being built here (a component made on its own): there is no tokenizer');
  }

  get vocabulary(): Vocabulary {
    return this.learned(LEARNED.vocabulary, 'the vocabulary is known once the tokenizer has seen the corpus: ask for it from the model on, not in a dataset or tokenizer factory');
  }

  get recorder(): MetricsRecorder {
    return this.learned(LEARNED.recorder, 'no run is recorded here (a model rebuilt from a checkpoint to sample or score with): there is no recorder');
  }

  private learned<T>(id: ServiceId<T>, unknownYet: string): T {
    if (!this.run.has(id)) throw new ComponentInputError(unknownYet);
    return this.run.get(id);
  }
}

/** The vocabulary a tokenizer gives, `size` ids wide (a test's model may be wider than its tokenizer). */
export function vocabularyOf(tokenizer: Tokenizer, size = tokenizer.vocabSize): Vocabulary {
  return { size, encode: (text) => tokenizer.encode(text), decode: (ids) => tokenizer.decode(ids) };
}

/** The services of a component built on its own, outside any run (a `--reward` of `folio sample`, a test): only the cache folder. */
export function servicesWithoutRun(cacheDir: string): RunServices {
  const run = new RunContainer();
  run.provide(RUN.cacheDir, cacheDir);
  return new ContainerServices(run);
}
