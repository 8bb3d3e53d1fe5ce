// What every section of the live view takes, and small bits they share.
import type { LiveRunState } from '../useLiveRun.js';

export interface SectionProps {
  state: LiveRunState;
  /** Columns available to the section. */
  width: number;
}

/** Space between neighbouring fields on a row. */
export const GAP = '  ';

/** A number that went NaN or infinite: a diverging run, shown in red. */
export function isBad(x: number | undefined): boolean {
  return x !== undefined && !Number.isFinite(x);
}
