// "best  optimizer.lr=3e-3 schedule.type=cosine  val/loss 1.7012 ± 0.0030 (2 seeds)"
import { Text } from 'ink';
import { printable } from '../../../present/format.js';
import { formatMeanStd, formatPoint } from '../../../present/sweep-format.js';
import { bestPoint } from '../../../sweep/live-state.js';
import type { SectionProps } from './shared.js';

export function BestPoint({ state }: SectionProps) {
  const best = bestPoint(state);
  if (best === undefined || state.sweep === undefined) return null;
  const over = best.values.length > 1 ? ` (${best.values.length} seeds)` : '';
  const value = `${printable(state.sweep.metric)} ${formatMeanStd(best.objective, best.std)}${over}`;
  return (
    <Text wrap="truncate-end">
      <Text dimColor>best </Text>
      <Text color="green" bold>
        {value}
      </Text>
      <Text>{`  ${formatPoint(best.point)}`}</Text>
    </Text>
  );
}
