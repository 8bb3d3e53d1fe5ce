// The Sweeps screen: every recorded sweep, newest first; enter opens one.
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { useKeys } from '../app/useKeys.js';
import { formatTime, printable } from '../../cli/format.js';
import { formatStatusCounts } from '../../cli/sweep-format.js';
import { formatTable } from '../../cli/table.js';
import type { StoreReader } from '../../tracking/store-reader.js';
import type { ScreenProps } from '../app/screens.js';

export interface SweepsViewProps extends ScreenProps {
  reader: StoreReader;
}

export function SweepsView({ reader, version, width, height, navigation, active }: SweepsViewProps) {
  const sweeps = useMemo(() => reader.sweeps(), [reader, version]);
  const [cursor, setCursor] = useState(0);
  const selected = Math.min(cursor, Math.max(0, sweeps.length - 1));
  useKeys((input, key) => {
      if (key.upArrow || input === 'k') setCursor(Math.max(0, selected - 1));
      else if (key.downArrow || input === 'j') setCursor(Math.min(sweeps.length - 1, selected + 1));
      else if (key.return && sweeps[selected] !== undefined) navigation.open({ kind: 'sweep', sweepId: sweeps[selected].id });
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
    ['id', 'name', 'status', 'trials', 'how they ended', 'updated'],
    sweeps.map((s) => [
      String(s.id),
      printable(s.name),
      s.status,
      String(s.trials),
      formatStatusCounts({ completed: s.completed, running: s.running, pruned: s.pruned, failed: s.failed }) || '-',
      formatTime(s.updatedAt, false),
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
          <Text key={sweeps[index]!.id} inverse={index === selected} wrap="truncate-end">
            {`${index === selected ? '›' : ' '} ${line}`}
          </Text>
        );
      })}
    </Box>
  );
}
