// The latest evaluation (train and validation loss) and the best validation loss so far.
import { formatLoss } from '../../../present/format.js';
import { FieldRow } from '../../widgets/FieldRow.js';
import { isBad, type SectionProps } from './shared.js';

export function EvalRow({ state, width }: SectionProps) {
  const last = state.evals.at(-1);
  if (last === undefined) return <FieldRow width={width} left={[{ label: 'eval', value: 'none yet', dim: true }]} />;
  const best = state.bestEval;
  return (
    <FieldRow
      width={width}
      left={[
        { label: 'eval', value: `@${last.step}` },
        { label: 'train', value: formatLoss(last.trainLoss) },
        { label: 'val', value: formatLoss(last.valLoss), bold: true, color: isBad(last.valLoss) ? 'red' : 'yellow' },
      ]}
      right={best === undefined ? [] : [{ label: 'best val', value: `${formatLoss(best.valLoss)} @${best.step}` }]}
    />
  );
}
