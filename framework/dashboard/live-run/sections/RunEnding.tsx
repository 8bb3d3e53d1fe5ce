// How the run ended, coloured by outcome; nothing while it is still going.
import { Text } from 'ink';
import { printable } from '../../../present/format.js';
import { STATUS_LOOKS } from '../../../present/status-look.js';
import type { LiveRunState } from '../useLiveRun.js';

export function RunEnding({ state }: { state: LiveRunState }) {
  if (state.status === 'waiting' || state.status === 'running') return null;
  const { mark, color } = STATUS_LOOKS[state.status];
  const error = state.error === undefined ? '' : `: ${printable(state.error).replace(/\n/g, ' ')}`;
  // One string, so that wrapping a long error never starts a line with a stray space.
  return <Text color={color}>{`${mark} ${state.status} at step ${state.step}${error}`}</Text>;
}
