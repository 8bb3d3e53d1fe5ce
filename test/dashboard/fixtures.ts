// A short, made-up run as the trainer would report it: 2000 steps, logged every 50, evaluated at 250.
import type {
  EvalFinished,
  RunEnded,
  RunStarted,
  SampleGenerated,
  StepFinished,
  TrainingEvent,
} from '../../framework/training/events.js';

export const startEvent: RunStarted = {
  kind: 'start',
  runId: 3,
  name: 'shakespeare-char',
  backend: 'wasm',
  maxIters: 2000,
  parameterCount: 810_000,
  tokensPerStep: 768,
};

/** Step events at 50, 100, ..., 250 with a falling loss, ~311 ms a step. */
export function stepEvents(): StepFinished[] {
  return [50, 100, 150, 200, 250].map((step, i) => ({
    kind: 'step',
    step,
    loss: 3.2 - i * 0.27,
    lr: 1e-3,
    gradNorm: 0.84,
    stepMs: 311.43,
    tokensPerSecond: (768 * 1000) / 311.43,
  }));
}

export const evalEvent: EvalFinished = { kind: 'eval', step: 250, trainLoss: 2.0123, valLoss: 2.0456 };

export const sampleEvent: SampleGenerated = {
  kind: 'sample',
  step: 250,
  prompt: '\n',
  text: 'ROMEO:\nWhat light through yonder window breaks?\nIt is the east.\n',
};

export const endEvent: RunEnded = { kind: 'end', status: 'completed', step: 2000 };

export function runUntilSample(): TrainingEvent[] {
  return [startEvent, ...stepEvents(), evalEvent, sampleEvent];
}
