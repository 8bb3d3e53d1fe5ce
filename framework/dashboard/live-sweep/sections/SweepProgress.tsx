// Trials done as a bar, "5/8 done  2 running  3m05s  eta 5m10s" after it, and every status apart
// on a line below ("3 completed, 2 pruned, 1 interrupted, 2 waiting"), as `folio sweeps show` counts them.
import { Box, Text } from 'ink';
import { formatDuration } from '../../../present/format.js';
import { ProgressLine } from '../../widgets/ProgressLine.js';
import { formatDone, formatSweepCounts } from '../../../present/sweep-format.js';
import { sweepCounts, sweepElapsedMs, sweepEtaMs } from '../../../sweep/live-state.js';
import type { SectionProps } from './shared.js';

const GAP = '  ';

export function SweepProgress({ state, now, width }: SectionProps) {
  const counts = sweepCounts(state);
  const fraction = counts.planned !== undefined && counts.planned > 0 ? counts.done / counts.planned : 0;
  const parts = [formatDone(counts)];
  if (counts.running > 0) parts.push(`${counts.running} running`);
  parts.push(formatDuration(sweepElapsedMs(state, now)));
  if (state.status === 'running') parts.push(`eta ${formatDuration(sweepEtaMs(state, now))}`);
  const after = parts.map((part) => GAP + part).join('');
  const extras = sweepProgressDetail(state);
  return (
    <Box flexDirection="column" width={width}>
      <ProgressLine fraction={fraction} width={width} text={after} />
      {extras === undefined ? null : (
        <Text dimColor wrap="truncate-end">
          {extras}
        </Text>
      )}
    </Box>
  );
}

/** The line under the bar: every status apart, and what an earlier invocation finished; undefined when only running. */
export function sweepProgressDetail(state: SectionProps['state']): string | undefined {
  const counts = sweepCounts(state);
  const finishedBefore = state.sweep?.finishedBefore ?? 0;
  const statuses = formatSweepCounts({ ...counts, running: 0 });
  const parts = [statuses, finishedBefore > 0 ? `${finishedBefore} finished before this run` : ''].filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.join(' · ');
}
