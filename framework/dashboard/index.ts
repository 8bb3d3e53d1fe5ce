// The dashboard's public face: the live reporter, and the view and state it is built from.
export { createInkReporter, type InkReporterOptions } from './live/ink-reporter.js';
export { createLiveRunStore, type LiveRunStore, type LiveRunStoreOptions } from './live/live-run-store.js';
export { LiveRunView, type LiveRunViewProps } from './live/LiveRunView.js';
export {
  initialLiveRunState,
  liveRunReducer,
  reduceEvents,
  useLiveRun,
  type EvalPoint,
  type LiveRunState,
  type SamplePoint,
} from './live/useLiveRun.js';
