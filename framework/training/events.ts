// What the trainer reports while it runs; the live view and the plain log both consume these.

// How a run stands is the store's word (it records it); the trainer reports in the same terms.
import type { RunStatus } from '../tracking/records.js';

export type { RunStatus };

export interface RunStarted {
  kind: 'start';
  runId: number;
  name: string;
  backend: string;
  /** Why this backend, or how it runs (e.g. "native engine not built; using wasm"). */
  backendNote?: string;
  /** Where the weights came from when fine-tuning, e.g. "from run 3 (newest completed shakespeare-char), step 5000". */
  initFrom?: string;
  maxIters: number;
  /** train.max_minutes: the run also stops when this much time has passed. */
  maxMinutes?: number;
  parameterCount: number;
  tokensPerStep: number;
}

export interface StepFinished {
  kind: 'step';
  /** 1-based count of optimizer steps done. */
  step: number;
  loss: number;
  lr: number;
  gradNorm: number;
  stepMs: number;
  tokensPerSecond: number;
}

export interface EvalFinished {
  kind: 'eval';
  step: number;
  trainLoss: number;
  valLoss: number;
}

export interface SampleGenerated {
  kind: 'sample';
  step: number;
  prompt: string;
  text: string;
}

export interface RunEnded {
  kind: 'end';
  status: Exclude<RunStatus, 'running'>;
  step: number;
  error?: string;
}

export type TrainingEvent = RunStarted | StepFinished | EvalFinished | SampleGenerated | RunEnded;

/** Shows a run's progress to a person: the Ink live view or plain log lines. */
export interface ProgressReporter {
  report(event: TrainingEvent): void;
  /** Waits until everything reported is on screen. */
  close(): Promise<void>;
}
