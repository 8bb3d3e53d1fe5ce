// How a run's or a trial's status looks wherever it is shown: one mark, one colour and whether its row reads
// dimmer. The run list, a run's detail, the live run's ending and the sweep leaderboard all take it from here,
// so that `diverged` (say) never reads one way in one view and another way in the next.
import type { TrialStatus } from '../sweep/types.js';
import type { ListedRunStatus } from '../tracking/store.js';

/** Every status a view shows: a stored run's (crashed included) and a sweep trial's (pending included). */
export type ShownStatus = ListedRunStatus | TrialStatus;

/** Colour names as Ink (and chalk) spell them; a view turns them off under NO_COLOR. */
export type StatusColor = 'cyan' | 'green' | 'yellow' | 'red';

export interface StatusLook {
  mark: string;
  /** undefined: the terminal's own colour. */
  color: StatusColor | undefined;
  /** A run that ended without a usable result (or has not started) reads dimmer, so the useful ones stand out. */
  dim: boolean;
}

/** Live cyan, done green, stopped on purpose or by hand yellow, broken red. */
export const STATUS_LOOKS: Readonly<Record<ShownStatus, StatusLook>> = {
  pending: { mark: '·', color: undefined, dim: true },
  running: { mark: '▸', color: 'cyan', dim: false },
  completed: { mark: '✔', color: 'green', dim: false },
  pruned: { mark: '✂', color: 'yellow', dim: true },
  interrupted: { mark: '■', color: 'yellow', dim: true },
  failed: { mark: '✖', color: 'red', dim: true },
  diverged: { mark: '✖', color: 'red', dim: true },
  crashed: { mark: '✖', color: 'red', dim: true },
};

/** What a status no view knows looks like (a store written by a newer Folio): plain, so it is still read. */
const UNKNOWN_LOOK: StatusLook = { mark: '?', color: undefined, dim: false };

export function statusLook(status: string): StatusLook {
  return Object.hasOwn(STATUS_LOOKS, status) ? STATUS_LOOKS[status as ShownStatus] : UNKNOWN_LOOK;
}

/** "✔ completed": the status with its mark in front, as the run list and a run's detail show it. */
export function markedStatus(status: string): string {
  return `${statusLook(status).mark} ${status}`;
}
