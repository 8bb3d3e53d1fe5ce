// The dashboard's public face: the live reporters (a run's, a sweep's), and the views and state they are built from.
export { createInkReporter, type InkReporterOptions } from './live-run/ink-reporter.js';
export { createLiveRunStore, type LiveRunStore, type LiveRunStoreOptions } from './live-run/live-run-store.js';
export { LiveRunView, type LiveRunViewProps } from './live-run/LiveRunView.js';
export {
  initialLiveRunState,
  liveRunReducer,
  reduceEvents,
  useLiveRun,
  type EvalPoint,
  type LiveRunState,
  type SamplePoint,
} from './live-run/useLiveRun.js';
export { inkSweepReporter, type InkSweepReporterOptions } from './live-sweep/ink-sweep-reporter.js';
export { SweepView, type SweepViewProps } from './live-sweep/SweepView.js';
export { initialSweepState, reduceSweepEvents, sweepReducer, type LiveTrial, type SweepState } from '../sweep/live-state.js';
