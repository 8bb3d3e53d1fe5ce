// What a running sweep looks like, folded from its events: the trials of this invocation with their
// latest step and value, and what follows from them (counts, ranking, the best point, the ETA).
// Pure and React-free: the leaderboard and the plain log both read it.
import { remainingWithinBudgetMs } from '../../cli/format.js';
import type { SweepEnded, SweepEvent, SweepStarted } from '../../sweep/events.js';
import { compareValues, rankTrialsByPoint, type RankedPoint } from '../../sweep/ranking.js';
import type { Point, TrialStatus } from '../../sweep/types.js';

export interface LiveTrial {
  trialKey: string;
  runId: number;
  point: Point;
  seed: number;
  maxSteps: number;
  /** The trial's time budget (train.max_minutes), when it has one. */
  maxMinutes: number | undefined;
  status: TrialStatus;
  /** The latest step it reported (0 before its first). */
  lastStep: number;
  /** The sweep's metric at its latest logged step; undefined before the first. */
  value: number | undefined;
  error: string | undefined;
  /** Times (ms, the reporter's clock) it started and ended. */
  startedAt: number;
  endedAt: number | undefined;
}

export interface SweepState {
  sweep: Omit<SweepStarted, 'kind'> | undefined;
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
      const { kind: _kind, ...sweep } = event;
      return { ...initialSweepState, sweep, status: 'running', startedAt: at };
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
      // A trial started again (a retry) replaces its earlier attempt.
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

export interface SweepCounts {
  /** Trials in the whole sweep (points x seeds); 0 before the start event. */
  planned: number;
  /** Finished in any way, those of earlier invocations included. */
  done: number;
  running: number;
  completed: number;
  pruned: number;
  /** Failed, diverged, crashed or interrupted. */
  failed: number;
  finishedBefore: number;
}

export function sweepCounts(state: SweepState): SweepCounts {
  const finishedBefore = state.sweep?.finishedBefore ?? 0;
  const count = (keep: (status: TrialStatus) => boolean) => state.trials.filter((t) => keep(t.status)).length;
  const running = count((status) => status === 'running' || status === 'pending');
  return {
    planned: state.sweep?.plannedTrials ?? 0,
    done: finishedBefore + state.trials.length - running,
    running,
    completed: count((status) => status === 'completed'),
    pruned: count((status) => status === 'pruned'),
    failed: count((status) => FAILED.has(status)),
    finishedBefore,
  };
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
  const counts = sweepCounts(state);
  const queued = Math.max(0, counts.planned - counts.done - counts.running);
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
  const ended = state.trials.filter((t) => t.endedAt !== undefined).map((t) => t.endedAt! - t.startedAt);
  if (ended.length > 0) return average(ended);
  const projected = state.trials
    .filter((t) => t.status === 'running' && t.lastStep > 0 && t.maxSteps > 0)
    .map((t) => now - t.startedAt + trialLeftMs(t, now, NaN));
  return projected.length > 0 ? average(projected) : NaN;
}

/**
 * The trials ranked by their current value under the sweep's goal: completed and running ones
 * together, then pruned ones, then those without a value; ties keep the order they started in.
 */
export function rankedTrials(state: SweepState): LiveTrial[] {
  const goal = state.sweep?.goal ?? 'minimize';
  const tier = (trial: LiveTrial) => {
    if (trial.value === undefined || !Number.isFinite(trial.value)) return 2;
    return trial.status === 'pruned' ? 1 : 0;
  };
  return [...state.trials].sort((a, b) => tier(a) - tier(b) || compareValues(a.value, b.value, goal));
}

/** The points of this invocation's trials, ranked by their mean over seeds (see rankPoints). */
export function rankedPoints(state: SweepState): RankedPoint<LiveTrial>[] {
  return rankTrialsByPoint(
    state.trials,
    (trial) => trial.point,
    (trial) => trial.value,
    state.sweep?.goal ?? 'minimize',
  );
}

/** The best point so far: the top of the ranking once one of its trials completed with a value. */
export function bestPoint(state: SweepState): RankedPoint<LiveTrial> | undefined {
  const top = rankedPoints(state)[0];
  return top?.tier === 'completed' ? top : undefined;
}

/** Parameter paths, in the order the first trial's point lists them (the sweep's order). */
export function parameterPaths(state: SweepState): string[] {
  const paths: string[] = [];
  for (const trial of state.trials) for (const path of Object.keys(trial.point)) if (!paths.includes(path)) paths.push(path);
  return paths;
}

const FAILED = new Set<TrialStatus>(['failed', 'diverged', 'crashed', 'interrupted']);

function updateTrial(state: SweepState, trialKey: string, update: (trial: LiveTrial) => LiveTrial): SweepState {
  if (!state.trials.some((t) => t.trialKey === trialKey)) return state;
  return { ...state, trials: state.trials.map((t) => (t.trialKey === trialKey ? update(t) : t)) };
}

/** A running trial's time left: from its own pace once it logged a step, else from the mean. */
function trialLeftMs(trial: LiveTrial, now: number, meanMs: number): number {
  const age = now - trial.startedAt;
  const byPace =
    trial.lastStep > 0 && trial.maxSteps > 0 ? Math.max(0, (age * (trial.maxSteps - trial.lastStep)) / trial.lastStep) : Math.max(0, meanMs - age);
  return remainingWithinBudgetMs(byPace, trial.maxMinutes, age);
}

function average(values: number[]): number {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}
