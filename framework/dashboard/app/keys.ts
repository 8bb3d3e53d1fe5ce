// The keys of each screen, for the help (?) and the footer's short hint.
import type { Screen } from './screens.js';

export type KeyList = readonly (readonly [keys: string, what: string])[];

export const GLOBAL_KEYS: KeyList = [
  ['?', 'show or hide these keys'],
  ['esc', 'back to the previous screen'],
  ['q  ctrl+c', 'quit'],
];

const SCREEN_KEYS: Record<Screen['kind'], KeyList> = {
  runs: [
    ['↑ ↓  j k', 'move (pgup pgdn, g G: first, last)'],
    ['enter', 'open the run'],
    ['space', 'mark or unmark for comparison'],
    ['c', 'compare the marked runs'],
    ['x', 'clear the marks'],
    ['d', 'delete the marked runs (or the one under the cursor) with their checkpoints, after y'],
    ['/', 'filter by text (enter keeps it, esc clears it)'],
    ['f', 'filter by status (cycles)'],
    ['e', 'filter by sweep (cycles)'],
    ['s', 'sort by the next column'],
    ['r', 'reverse the sort'],
    ['w', 'sweeps'],
  ],
  run: [
    ['l', 'log scale on or off'],
    ['tab', 'next panel: samples, config, lr and grad norm'],
    ['↑ ↓  j k', 'scroll the panel'],
    ['← →  p n', 'previous or next sample'],
  ],
  compare: [
    ['g', 'group runs that differ only by seed (mean, min-max band)'],
    ['l', 'log scale on or off'],
    ['tab', 'next panel: metrics, config diff, samples'],
    ['↑ ↓  j k', 'scroll the panel'],
    ['← →', 'show earlier or later runs (config diff, samples)'],
    ['p n', 'samples at the previous or next common step'],
  ],
  sweeps: [
    ['↑ ↓  j k', 'move'],
    ['enter', 'open the sweep'],
  ],
  sweep: [
    ['↑ ↓  j k', 'move'],
    ['p', 'plot the objective against the next parameter'],
    ['enter', 'open the best run of the point'],
  ],
};

export function keysOf(screen: Screen): KeyList {
  return SCREEN_KEYS[screen.kind];
}

/** The footer's reminder of the keys used most. */
export function footerHint(screen: Screen): string {
  switch (screen.kind) {
    case 'runs':
      return 'enter open · space mark · c compare · d delete · / filter · s sort · w sweeps · ? keys · q quit';
    case 'run':
      return 'tab panel · l log · ←→ sample · esc back · ? keys';
    case 'compare':
      return 'tab panel · g group seeds · l log · ←→ runs · esc back · ? keys';
    case 'sweeps':
      return 'enter open · esc back · ? keys · q quit';
    case 'sweep':
      return 'p parameter · enter run · esc back · ? keys';
  }
}
