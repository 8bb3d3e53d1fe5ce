// Trials done as a bar, "5/8 done  2 running  3m05s  eta 5m10s" after it, and what else is worth
// knowing (pruned, failed, finished by an earlier invocation) on a line below when there is any.
import { Box, Text } from 'ink';
import { formatDuration } from '../../../cli/format.js';
import { ProgressLine } from '../../widgets/ProgressLine.js';
import { sweepCounts, sweepElapsedMs, sweepEtaMs } from '../sweep-state.js';
import type { SectionProps } from './shared.js';

const GAP = '  ';

export function SweepProgress({ state, now, width }: SectionProps) {
  const counts = sweepCounts(state);
  const fraction = counts.planned > 0 ? counts.done / counts.planned : 0;
  const parts = [`${counts.done}/${counts.planned} done`];
  if (counts.running > 0) parts.push(`${counts.running} running`);
  parts.push(formatDuration(sweepElapsedMs(state, now)));
  if (state.status === 'running') parts.push(`eta ${formatDuration(sweepEtaMs(state, now))}`);
  const after = parts.map((part) => GAP + part).join('');
  const extras = [
    counts.pruned > 0 ? `${counts.pruned} pruned` : undefined,
    counts.failed > 0 ? `${counts.failed} failed` : undefined,
    counts.finishedBefore > 0 ? `${counts.finishedBefore} finished before this run` : undefined,
  ].filter((part) => part !== undefined);
  return (
    <Box flexDirection="column" width={width}>
      <ProgressLine fraction={fraction} width={width} text={after} />
      {extras.length === 0 ? null : (
        <Text dimColor wrap="truncate-end">
          {extras.join(' · ')}
        </Text>
      )}
    </Box>
  );
}
