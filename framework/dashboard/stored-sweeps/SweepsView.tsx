// The Sweeps screen: every recorded sweep, newest first; enter opens one.
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { useKeys } from '../app/useKeys.js';
import { formatTime, printable } from '../../present/format.js';
import { formatDone, formatSweepCounts } from '../../present/sweep-format.js';
import { formatTable } from '../../present/table.js';
import { readStoredSweep } from '../../sweep/stored-sweep.js';
import type { StoreReader } from '../../tracking/store-reader.js';
import type { ScreenProps } from '../app/screens.js';

export interface SweepsViewProps extends ScreenProps {
  reader: StoreReader;
}

export function SweepsView({ reader, version, width, height, navigation, active }: SweepsViewProps) {
  const sweeps = useMemo(() => reader.listSweeps().map((summary) => readStoredSweep(reader, summary)), [reader, version]);
  const [cursor, setCursor] = useState(0);
  const selected = Math.min(cursor, Math.max(0, sweeps.length - 1));
  useKeys((input, key) => {
      if (key.upArrow || input === 'k') setCursor(Math.max(0, selected - 1));
      else if (key.downArrow || input === 'j') setCursor(Math.min(sweeps.length - 1, selected + 1));
      else if (key.return && sweeps[selected] !== undefined) navigation.open({ kind: 'sweep', sweepId: sweeps[selected].summary.id });
  }, active);
  if (sweeps.length === 0) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text>No sweeps in this store yet.</Text>
        <Text dimColor>{'Run one (npx folio sweep experiments/shakespeare-char-lr.yaml) and it appears here. esc goes back.'}</Text>
      </Box>
    );
  }
  const [header, ...lines] = formatTable(
    ['id', 'name', 'status', 'trials', 'how they stand', 'updated'],
    sweeps.map(({ summary, analysis }) => [
      String(summary.id),
      printable(summary.name),
      summary.status,
      formatDone(analysis.counts),
      formatSweepCounts(analysis.counts) || '-',
      formatTime(summary.updatedAt, false),
    ]),
  )
    .trimEnd()
    .split('\n');
  const rows = Math.max(1, height - 1);
  const start = Math.max(0, Math.min(selected - rows + 1, sweeps.length - rows));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text dimColor wrap="truncate-end">{`  ${header}`}</Text>
      {lines.slice(Math.max(0, start), Math.max(0, start) + rows).map((line, i) => {
        const index = Math.max(0, start) + i;
        return (
          <Text key={sweeps[index]!.summary.id} inverse={index === selected} wrap="truncate-end">
            {`${index === selected ? '›' : ' '} ${line}`}
          </Text>
        );
      })}
    </Box>
  );
}
