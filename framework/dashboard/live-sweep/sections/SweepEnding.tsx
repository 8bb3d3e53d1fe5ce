// How the sweep ended, coloured by outcome; nothing while it is still going.
import { Text } from 'ink';
import { formatDuration, printable } from '../../../present/format.js';
import { sweepElapsedMs, type SweepState } from '../../../sweep/live-state.js';
import { STATUS_LOOKS } from '../../../present/status-look.js';
import type { SweepEnded } from '../../../sweep/events.js';
import type { SectionProps } from './shared.js';

export function SweepEnding({ state, now }: SectionProps) {
  const line = sweepEndingLine(state, now);
  if (line === undefined) return null;
  return <Text color={STATUS_LOOKS[line.status].color}>{line.text}</Text>;
}

/** The ending as one string (so that wrapping a long error never starts a line with a stray space). */
export function sweepEndingLine(state: SweepState, now: number): { status: SweepEnded['status']; text: string } | undefined {
  if (state.status === 'waiting' || state.status === 'running') return undefined;
  const error = state.error === undefined ? '' : `: ${printable(state.error).replace(/\n/g, ' ')}`;
  const resume = state.status === 'completed' || state.sweep === undefined ? '' : ` (resume: folio sweeps resume ${state.sweep.sweepId})`;
  const text = `${STATUS_LOOKS[state.status].mark} sweep ${state.status} in ${formatDuration(sweepElapsedMs(state, now))}${error}${resume}`;
  return { status: state.status, text };
}
