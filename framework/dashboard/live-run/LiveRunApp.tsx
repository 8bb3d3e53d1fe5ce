// The root Ink renders: follows a store and draws its state.
import { LiveRunView } from './LiveRunView.js';
import type { LiveRunStore } from './live-run-store.js';
import { useLiveRun } from './useLiveRun.js';

export interface LiveRunAppProps {
  store: LiveRunStore;
}

export function LiveRunApp({ store }: LiveRunAppProps) {
  const state = useLiveRun(store);
  return <LiveRunView state={state} />;
}
