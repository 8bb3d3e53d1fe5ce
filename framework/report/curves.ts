// Metric curves for a report: each series the mean over its runs, bucket by bucket over one shared
// step range, with the lowest and highest run as a band (the dashboard's downsampling, in SQL).
import { meanCurve } from '../present/compare/comparison.js';
import { unionRange, type StoreReader } from '../tracking/store-reader.js';
import type { CurveSample, CurveSeries } from './types.js';

/** Points per curve: enough for a smooth line on a printed page, few enough to keep the page small. */
export const CURVE_POINTS = 200;

export function curveSeries(reader: StoreReader, key: string, groups: readonly { label: string; runIds: number[] }[], points = CURVE_POINTS): CurveSeries[] {
  const range = unionRange(groups.flatMap((group) => group.runIds.map((id) => reader.stepRange(id, key))));
  if (range === undefined) return groups.map((group) => ({ ...group, points: [] }));
  return groups.map((group) => {
    const curves = group.runIds.map((id) => reader.curveOf(id, key, points, range)).filter((curve) => curve.length > 0);
    const merged = curves.length === 0 ? [] : curves.length === 1 ? curves[0]! : meanCurve(curves);
    const samples: CurveSample[] = merged
      .filter((point) => Number.isFinite(point.value))
      .map(({ step, value, low, high }) => ({ step, value, low: Number.isFinite(low) ? low : value, high: Number.isFinite(high) ? high : value }));
    return { label: group.label, runIds: group.runIds, points: samples };
  });
}
