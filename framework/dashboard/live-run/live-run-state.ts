// What the live view shows, folded from the trainer's events (a pure reducer; useLiveRun.ts reads it from a store).
import { nextStepMsAverage, remainingMs, remainingWithinBudgetMs, type StepMsAverage } from '../../present/format.js';
import type { RunStarted, RunStatus, TrainingEvent } from '../../training/events.js';

export interface EvalPoint {
  step: number;
  trainLoss: number;
  valLoss: number;
}

export interface SamplePoint {
  step: number;
  prompt: string;
  /** The continuation after `prompt`, as generate() returns it. */
  text: string;
}

export interface LiveRunState {
  run: Omit<RunStarted, 'kind'> | undefined;
  /** 'waiting' until the start event arrives. */
  status: RunStatus | 'waiting';
  step: number;
  maxIters: number;
  /** Latest step event's values; undefined before the first one. */
  loss: number | undefined;
  lr: number | undefined;
  gradNorm: number | undefined;
  tokensPerSecond: number | undefined;
  stepMs: number | undefined;
  /** Running average of step time (ms); NaN until known. */
  averageStepMs: number;
  /** Time left at the average step time (ms); NaN until known. */
  etaMs: number;
  /** Training loss at each step event, oldest first, the last LOSS_HISTORY_LIMIT of them. */
  lossHistory: readonly number[];
  evals: readonly EvalPoint[];
  /** The eval with the lowest validation loss so far. */
  bestEval: EvalPoint | undefined;
  sample: SamplePoint | undefined;
  error: string | undefined;
  /** Bookkeeping behind averageStepMs. */
  stepTime: StepMsAverage | undefined;
  /** When the start event arrived (Date.now()), for a time budget's ETA. */
  startedAt: number;
}

export const LOSS_HISTORY_LIMIT = 240;

export const initialLiveRunState: LiveRunState = {
  run: undefined,
  status: 'waiting',
  step: 0,
  maxIters: 0,
  loss: undefined,
  lr: undefined,
  gradNorm: undefined,
  tokensPerSecond: undefined,
  stepMs: undefined,
  averageStepMs: NaN,
  etaMs: NaN,
  lossHistory: [],
  evals: [],
  bestEval: undefined,
  sample: undefined,
  error: undefined,
  stepTime: undefined,
  startedAt: 0,
};

export function liveRunReducer(state: LiveRunState, event: TrainingEvent): LiveRunState {
  switch (event.kind) {
    case 'start': {
      const { kind: _kind, ...run } = event;
      return { ...initialLiveRunState, run, status: 'running', maxIters: event.maxIters, startedAt: Date.now() };
    }
    case 'step': {
      const stepTime = nextStepMsAverage(state.stepTime, event.step, event.stepMs);
      const lossHistory = [...state.lossHistory, event.loss];
      if (lossHistory.length > LOSS_HISTORY_LIMIT) lossHistory.splice(0, lossHistory.length - LOSS_HISTORY_LIMIT);
      return {
        ...state,
        step: event.step,
        loss: event.loss,
        lr: event.lr,
        gradNorm: event.gradNorm,
        tokensPerSecond: event.tokensPerSecond,
        stepMs: event.stepMs,
        stepTime,
        averageStepMs: stepTime.average,
        etaMs: state.maxIters > 0 ? etaOf(state, event.step, stepTime.average) : NaN,
        lossHistory,
      };
    }
    case 'eval': {
      const point: EvalPoint = { step: event.step, trainLoss: event.trainLoss, valLoss: event.valLoss };
      const better =
        Number.isFinite(point.valLoss) && (state.bestEval === undefined || point.valLoss < state.bestEval.valLoss);
      const bestEval = better ? point : state.bestEval;
      return { ...state, evals: [...state.evals, point], bestEval };
    }
    case 'sample':
      return { ...state, sample: { step: event.step, prompt: event.prompt, text: event.text } };
    case 'end':
      return { ...state, status: event.status, step: event.step, etaMs: NaN, error: event.error };
  }
}

/** Folds a whole list of events, from the initial state unless one is given. */
export function reduceEvents(events: Iterable<TrainingEvent>, from: LiveRunState = initialLiveRunState): LiveRunState {
  let state = from;
  for (const event of events) state = liveRunReducer(state, event);
  return state;
}

function etaOf(state: LiveRunState, step: number, averageStepMs: number): number {
  return remainingWithinBudgetMs(remainingMs(step, state.maxIters, averageStepMs), state.run?.maxMinutes, Date.now() - state.startedAt);
}
