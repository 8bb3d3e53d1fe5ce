// The trainer in the run's container: what the loop is built from, each part resolved there.
// The set-up provides what only it knows (the batches, the run's log, where it resumes).
import type { RunContainer } from '../container/run-container.js';
import { COMPONENTS, RUN, serviceId } from '../container/tokens.js';
import type { Objective } from '../registry/alignment.js';
import type { ProgressReporter } from './events.js';
import { Trainer, type ResumePoint, type RunLog, type TrainingBatches, type TrainingCheckpoints } from './trainer.js';

export const TRAINING = {
  batches: serviceId<TrainingBatches>('TrainingBatches'),
  log: serviceId<RunLog>('RunLog'),
  reporter: serviceId<ProgressReporter>('ProgressReporter'),
  /** Optional: aborting stops the run after its step. */
  signal: serviceId<AbortSignal>('AbortSignal'),
  /** Optional: without it the loop writes no checkpoint. */
  checkpoints: serviceId<TrainingCheckpoints>('TrainingCheckpoints'),
  /** Optional: where a resumed run stands. */
  resumePoint: serviceId<ResumePoint>('ResumePoint'),
  /** Optional: what each step minimises, when the config names an objective. */
  objective: serviceId<Objective>('Objective'),
  trainer: serviceId<Trainer>('Trainer'),
} as const;

export function bindTrainer(run: RunContainer): void {
  run.define(TRAINING.trainer, (get) => {
    const config = get(RUN.config);
    const [signal, checkpoints, resume, objective] = [
      get.optional(TRAINING.signal),
      get.optional(TRAINING.checkpoints),
      get.optional(TRAINING.resumePoint),
      get.optional(TRAINING.objective),
    ];
    return new Trainer({
      model: get(COMPONENTS.model),
      parameters: get(RUN.parameters),
      optimizer: get(COMPONENTS.optimizer),
      schedule: get(COMPONENTS.schedule),
      tokenizer: get(COMPONENTS.tokenizer),
      batches: get(TRAINING.batches),
      samplingRng: get(RUN.rngs).sampling,
      train: config.train,
      sample: config.sample,
      log: get(TRAINING.log),
      reporter: get(TRAINING.reporter),
      ...(signal === undefined ? {} : { signal }),
      ...(checkpoints === undefined ? {} : { checkpoints }),
      ...(resume === undefined ? {} : { resume }),
      ...(objective === undefined ? {} : { objective }),
    });
  });
}
