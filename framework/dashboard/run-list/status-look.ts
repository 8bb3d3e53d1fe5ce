// How a run's status colours its row: live green, broken red, diverged yellow, stopped dim.
import type { Theme } from '../app/theme.js';

export function statusColor(status: string, theme: Theme): string | undefined {
  switch (status) {
    case 'running':
      return theme.color('green');
    case 'failed':
    case 'crashed':
      return theme.color('red');
    case 'diverged':
      return theme.color('yellow');
    default:
      return undefined;
  }
}

export function statusDim(status: string): boolean {
  return status === 'interrupted' || status === 'pruned';
}
