// What every section of the leaderboard takes, and how a trial's status looks.
import type { TrialStatus } from '../../../sweep/types.js';
import type { SweepState } from '../../../sweep/live-state.js';

export interface SectionProps {
  state: SweepState;
  /** The clock's current time (ms), for elapsed time and ETA. */
  now: number;
  /** Columns available to the section. */
  width: number;
}

export interface StatusLook {
  mark: string;
  color: string | undefined;
  /** Rows of trials that ended without a usable result read dimmer. */
  dim: boolean;
}

export const STATUS_LOOK: Record<TrialStatus, StatusLook> = {
  pending: { mark: '·', color: undefined, dim: true },
  running: { mark: '▸', color: 'cyan', dim: false },
  completed: { mark: '✔', color: 'green', dim: false },
  pruned: { mark: '✂', color: 'yellow', dim: true },
  interrupted: { mark: '■', color: 'yellow', dim: true },
  failed: { mark: '✖', color: 'red', dim: true },
  diverged: { mark: '✖', color: 'red', dim: true },
  crashed: { mark: '✖', color: 'red', dim: true },
};
