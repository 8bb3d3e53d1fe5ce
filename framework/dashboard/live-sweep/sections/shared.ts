// What every section of the leaderboard takes.
import type { SweepState } from '../../../sweep/live-state.js';

export interface SectionProps {
  state: SweepState;
  /** The clock's current time (ms), for elapsed time and ETA. */
  now: number;
  /** Columns available to the section. */
  width: number;
}
