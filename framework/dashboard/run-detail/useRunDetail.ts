// One run as the Run screen shows it, read again whenever the store changed: its record, and its
// curves downsampled to the chart's width.
import { useMemo } from 'react';
import { unionRange, type CurvePoint, type StoreReader } from '../../tracking/store-reader.js';
import { TRAIN_LOSS_KEY, VAL_LOSS_KEY, type RunDetail } from '../../tracking/store.js';

export const LR_KEY = 'train/lr';
export const GRAD_NORM_KEY = 'train/grad_norm';

export interface RunCurves {
  train: CurvePoint[];
  val: CurvePoint[];
  lr: CurvePoint[];
  gradNorm: CurvePoint[];
}

export function useRunDetail(reader: StoreReader, runId: number, version: number, points: number): { run: RunDetail | undefined; curves: RunCurves } {
  const run = useMemo(() => reader.getRun(runId), [reader, runId, version]);
  const curves = useMemo(() => {
    // Both losses over the same steps, so their curves share the x axis.
    const range = unionRange([reader.stepRange(runId, TRAIN_LOSS_KEY), reader.stepRange(runId, VAL_LOSS_KEY)]);
    return {
      train: reader.curveOf(runId, TRAIN_LOSS_KEY, points, range),
      val: reader.curveOf(runId, VAL_LOSS_KEY, points, range),
      lr: reader.curveOf(runId, LR_KEY, points),
      gradNorm: reader.curveOf(runId, GRAD_NORM_KEY, points),
    };
  }, [reader, runId, version, points]);
  return { run, curves };
}
