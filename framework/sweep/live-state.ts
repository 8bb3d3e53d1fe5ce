// What a running sweep looks like, folded from its events: the trials recorded before this
// invocation and those it runs, with their latest step and value; the counts, the ranking and the
// best point come from the one analysis (analysis.ts), as in `folio sweeps show`. Pure and
// React-free: the leaderboard and the plain log both read it.
import { remainingWithinBudgetMs } from '../training/time-budget.js';
import { analyseSweep, compareValues, type SweepAnalysis, type SweepCounts, type SweepPoint, type SweepTrial } from './analysis.js';
import type { SweepEnded, SweepEvent, SweepStarted } from './events.js';

export interface LiveTrial extends SweepTrial {
  trialKey: string;
  maxSteps: number;
  /** The trial's time budget (train.max_minutes), when it has one. */
  maxMinutes: number | undefined;
  /** The latest step it reported (0 before its first). */
  lastStep: number;
  error: string | undefined;
  /** Times (ms, the reporter's clock) it started and ended; undefined for a trial an earlier invocation ran. */
  startedAt: number | undefined;
  endedAt: number | undefined;
}

export interface SweepState {
  sweep: Omit<SweepStarted, 'kind' | 'recorded'> | undefined;
  /** 'waiting' until the start event arrives. */
  status: 'waiting' | 'running' | SweepEnded['status'];
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** This invocation's trials, in the order they started. */
  trials: readonly LiveTrial[];
  error: string | undefined;
  /** The latest notice (Redis lost or back, a worker that refused), shown until the next. */
  notice: string | undefined;
}

export const initialSweepState: SweepState = {
  sweep: undefined,
  status: 'waiting',
  startedAt: undefined,
  endedAt: undefined,
  trials: [],
  error: undefined,
  notice: undefined,
};

/** Folds one event in; `at` is when it arrived (ms), for durations and the ETA. */
export function sweepReducer(state: SweepState, event: SweepEvent, at: number): SweepState {
  switch (event.kind) {
    case 'start': {
      const { kind: _kind, recorded, ...sweep } = event;
      const earlier: LiveTrial[] = recorded.map((trial) => ({
        ...trial,
        lastStep: trial.lastStep ?? 0,
        maxMinutes: undefined,
        error: undefined,
        startedAt: undefined,
        endedAt: undefined,
      }));
      return { ...initialSweepState, sweep, status: 'running', startedAt: at, trials: earlier };
    }
    case 'trial-start': {
      const trial: LiveTrial = {
        trialKey: event.trialKey,
        runId: event.runId,
        point: event.point,
        seed: event.seed,
        maxSteps: event.maxSteps,
        maxMinutes: event.maxMinutes,
        status: 'running',
        lastStep: 0,
        value: undefined,
        error: undefined,
        startedAt: at,
        endedAt: undefined,
      };
      // A trial started again (resumed, or retried) replaces its earlier attempt.
      return { ...state, trials: [...state.trials.filter((t) => t.trialKey !== event.trialKey), trial] };
    }
    case 'trial-progress':
      return updateTrial(state, event.trialKey, (trial) => ({
        ...trial,
        lastStep: Math.max(trial.lastStep, event.step),
        value: event.value ?? trial.value,
      }));
    case 'trial-end':
      return updateTrial(state, event.trialKey, (trial) => ({
        ...trial,
        status: event.status,
        lastStep: event.step,
        value: event.value ?? trial.value,
        error: event.error,
        endedAt: at,
      }));
    case 'end':
      return { ...state, status: event.status, endedAt: at, error: event.error };
    case 'notice':
      return { ...state, notice: event.text };
  }
}

/** Folds a list of events, each stamped by `clock` as it is read (tests pass a fake one). */
export function reduceSweepEvents(
  events: Iterable<SweepEvent>,
  clock: () => number = () => 0,
  from: SweepState = initialSweepState,
): SweepState {
  let state = from;
  for (const event of events) state = sweepReducer(state, event, clock());
  return state;
}

/** The sweep's points ranked and its counts, as every view shows them (computed once per state). */
export function sweepAnalysis(state: SweepState): SweepAnalysis<LiveTrial> {
  const cached = analyses.get(state);
  if (cached !== undefined) return cached;
  const analysis = analyseSweep(state.trials, {
    goal: state.sweep?.goal ?? 'minimize',
    seedsPerPoint: state.sweep?.seedsPerPoint ?? 1,
    plannedTrials: state.sweep?.plannedTrials,
  });
  analyses.set(state, analysis);
  return analysis;
}

const analyses = new WeakMap<SweepState, SweepAnalysis<LiveTrial>>();

export function sweepCounts(state: SweepState): SweepCounts {
  return sweepAnalysis(state).counts;
}

/** Wall time of the sweep so far (to its end once it ended); NaN before it starts. */
export function sweepElapsedMs(state: SweepState, now: number): number {
  if (state.startedAt === undefined) return NaN;
  return (state.endedAt ?? now) - state.startedAt;
}

/**
 * Time left (ms): the running trials' remaining time (each projected from its own pace) plus the
 * trials not started yet at the mean trial duration, spread over `parallel` slots, and never less
 * than the slowest running trial needs. NaN when nothing is known yet or the sweep is over.
 */
export function sweepEtaMs(state: SweepState, now: number): number {
  if (state.status !== 'running' || state.sweep === undefined) return NaN;
  const meanMs = meanTrialMs(state, now);
  const queued = sweepCounts(state).waiting;
  const running = state.trials.filter((t) => t.status === 'running');
  const leftPerRunning = running.map((trial) => trialLeftMs(trial, now, meanMs));
  if (queued > 0 && !Number.isFinite(meanMs)) return NaN;
  if (leftPerRunning.some((left) => !Number.isFinite(left))) return NaN;
  const totalLeft = leftPerRunning.reduce((sum, left) => sum + left, 0) + (queued > 0 ? queued * meanMs : 0);
  return Math.max(0, ...leftPerRunning, totalLeft / Math.max(1, state.sweep.parallel));
}

/**
 * Mean wall time of a trial: over the trials that ended, or, before any has, projected from the
 * running trials' pace (time so far x maxSteps / step). NaN when nothing has been measured.
 */
export function meanTrialMs(state: SweepState, now: number): number {
  const ended = state.trials.filter((t) => t.endedAt !== undefined && t.startedAt !== undefined).map((t) => t.endedAt! - t.startedAt!);
  if (ended.length > 0) return average(ended);
  const projected = state.trials
    .filter((t) => t.status === 'running' && t.startedAt !== undefined && t.lastStep > 0 && t.maxSteps > 0)
    .map((t) => now - t.startedAt! + trialLeftMs(t, now, NaN));
  return projected.length > 0 ? average(projected) : NaN;
}

/**
 * The trials in the order of their points' ranks (unranked points last), each trial once; within
 * a point, results first, then by current value. A running trial's value is where it stands now,
 * not a result.
 */
export function rankedTrials(state: SweepState): LiveTrial[] {
  const { points, goal } = sweepAnalysis(state);
  const resultFirst = (trial: LiveTrial) => Number(trial.status !== 'completed' && trial.status !== 'pruned');
  return points.flatMap((point) => [...point.trials].sort((a, b) => resultFirst(a) - resultFirst(b) || compareValues(a.value, b.value, goal)));
}

/** The best point so far: the top of the ranking once its objective is over completed seeds. */
export function bestPoint(state: SweepState): SweepPoint<LiveTrial> | undefined {
  return sweepAnalysis(state).best;
}

/** Parameter paths, in the order the first trial's point lists them (the sweep's order). */
export function parameterPaths(state: SweepState): string[] {
  const paths: string[] = [];
  for (const trial of state.trials) for (const path of Object.keys(trial.point)) if (!paths.includes(path)) paths.push(path);
  return paths;
}

function updateTrial(state: SweepState, trialKey: string, update: (trial: LiveTrial) => LiveTrial): SweepState {
  if (!state.trials.some((t) => t.trialKey === trialKey)) return state;
  return { ...state, trials: state.trials.map((t) => (t.trialKey === trialKey ? update(t) : t)) };
}

/** A running trial's time left: from its own pace once it logged a step, else from the mean. */
function trialLeftMs(trial: LiveTrial, now: number, meanMs: number): number {
  const age = now - (trial.startedAt ?? now);
  const byPace =
    trial.lastStep > 0 && trial.maxSteps > 0 ? Math.max(0, (age * (trial.maxSteps - trial.lastStep)) / trial.lastStep) : Math.max(0, meanMs - age);
  return remainingWithinBudgetMs(byPace, trial.maxMinutes, age);
}

function average(values: number[]): number {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}
