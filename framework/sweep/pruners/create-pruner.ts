// The pruner a sweep file's `early_stop` names (none: never stop a trial early).
import type { EarlyStop } from '../types.js';
import { ashaPruner } from './asha.js';
import { medianPruner } from './median.js';
import type { Pruner } from './pruner.js';

export function createPruner(earlyStop: EarlyStop | undefined): Pruner {
  switch (earlyStop?.type) {
    case undefined:
      return { shouldStop: () => false };
    case 'median':
      return medianPruner(earlyStop);
    case 'asha':
      return ashaPruner(earlyStop);
  }
}
