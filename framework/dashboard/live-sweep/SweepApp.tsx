// The root Ink renders: follows a sweep store and a ticking clock, and draws the leaderboard.
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { SweepView } from './SweepView.js';
import type { SweepStore } from './sweep-store.js';
import { useNow } from './useNow.js';
import { useSweep } from './useSweep.js';

export interface SweepAppProps {
  store: SweepStore;
  clock: () => number;
}

/** The clock ticks once a second: enough for "3m05s" and an ETA. */
const TICK_MS = 1000;

export function SweepApp({ store, clock }: SweepAppProps) {
  const state = useSweep(store);
  const now = useNow(clock, TICK_MS);
  const { rows } = useTerminalSize();
  return <SweepView state={state} now={state.endedAt ?? now} height={rows} />;
}
