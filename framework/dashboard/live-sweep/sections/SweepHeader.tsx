// "sweep 3 shakespeare-char-lr                grid · minimize val/loss · 2 parallel"
import { printable } from '../../../present/format.js';
import { formatObjectiveName } from '../../../present/sweep-format.js';
import { fieldsLength, type Field } from '../../widgets/FieldGroup.js';
import { FieldRow } from '../../widgets/FieldRow.js';
import type { SweepState } from '../../../sweep/live-state.js';
import type { SectionProps } from './shared.js';

const GAP = 1;

export function SweepHeader({ state, width }: SectionProps) {
  const fields = headerFields(state);
  if (fields === undefined) return null;
  return <FieldRow width={width} gap={GAP} left={fields.left} right={fields.right} />;
}

/** Lines the header takes: FieldRow puts the setup on a line of its own when both do not fit. */
export function sweepHeaderRows(state: SweepState, width: number): number {
  const fields = headerFields(state);
  if (fields === undefined) return 0;
  return fieldsLength(fields.left, GAP) + GAP + fieldsLength(fields.right, GAP) <= width ? 1 : 2;
}

function headerFields(state: SweepState): { left: Field[]; right: Field[] } | undefined {
  const sweep = state.sweep;
  if (sweep === undefined) return undefined;
  const setup = `${sweep.method} · ${formatObjectiveName(sweep.metric, sweep.goal)} · ${sweep.parallel} parallel`;
  return {
    left: [{ value: `sweep ${sweep.sweepId}`, bold: true }, { value: printable(sweep.name) }],
    right: [{ value: setup, dim: true }],
  };
}
