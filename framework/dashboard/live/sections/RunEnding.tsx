// How the run ended, coloured by outcome; nothing while it is still going.
import { Text } from 'ink';
import { printable } from '../../../cli/format.js';
import type { LiveRunState } from '../useLiveRun.js';

const LOOK = {
  completed: { mark: '✔', color: 'green' },
  interrupted: { mark: '■', color: 'yellow' },
  failed: { mark: '✖', color: 'red' },
  diverged: { mark: '✖', color: 'red' },
  pruned: { mark: '▼', color: 'cyan' },
} as const;

export function RunEnding({ state }: { state: LiveRunState }) {
  if (state.status === 'waiting' || state.status === 'running') return null;
  const { mark, color } = LOOK[state.status];
  const error = state.error === undefined ? '' : `: ${printable(state.error).replace(/\n/g, ' ')}`;
  // One string, so that wrapping a long error never starts a line with a stray space.
  return <Text color={color}>{`${mark} ${state.status} at step ${state.step}${error}`}</Text>;
}
