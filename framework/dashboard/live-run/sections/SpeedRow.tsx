// Throughput: tokens a second and time per step, latest and averaged.
import { formatRate, formatStepMs } from '../../../present/format.js';
import { FieldRow } from '../../widgets/FieldRow.js';
import type { SectionProps } from './shared.js';

export function SpeedRow({ state, width }: SectionProps) {
  if (state.tokensPerSecond === undefined || state.stepMs === undefined) {
    return <FieldRow width={width} left={[{ label: 'speed', value: '–', dim: true }]} />;
  }
  return (
    <FieldRow
      width={width}
      left={[{ label: 'speed', value: formatRate(state.tokensPerSecond) }, { value: formatStepMs(state.stepMs) }]}
      right={Number.isFinite(state.averageStepMs) ? [{ label: 'avg', value: formatStepMs(state.averageStepMs) }] : []}
    />
  );
}
