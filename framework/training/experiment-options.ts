// What a run is started with and what it ends with, whichever of the three entry points starts it.
import type { Registry } from '../registry/registry.js';
import type { RunRecorder } from '../tracking/store.js';
import type { LoadedCheckpoint } from './checkpoint/read.js';
import type { ProgressReporter } from './events.js';
import type { TrainingOutcome } from './trainer.js';

export interface ExperimentOptions {
  registry: Registry;
  store: RunRecorder;
  reporter: ProgressReporter;
  cacheDir: string;
  /** Where this run's files go: `<runsDir>/<run id>/`. */
  runsDir: string;
  signal?: AbortSignal;
  /** The sweep this run is a trial of, the trial's identity there, and its run's name (the config's name by default). */
  trial?: { sweepId: number; trialKey: string; runName?: string };
  /** Told of the metrics of each logged step as they are recorded (a trial streams them to its sweep). */
  onMetrics?: (step: number, values: Record<string, number>) => void;
  /** Continue this recorded run from its checkpoint (`folio resume`) instead of recording a new one. */
  resume?: RunToResume;
  /**
   * Train this recorded run again from step 0, under its id, everything it logged forgotten (a
   * sweep's trial that was interrupted before its first checkpoint).
   */
  restartRunId?: number;
}

export interface RunToResume {
  runId: number;
  checkpoint: LoadedCheckpoint;
}

export interface ExperimentResult extends TrainingOutcome {
  runId: number;
  backend: string;
  /** The sample generated at the last evaluation. */
  finalSample?: string;
}
