// The comparison the Compare screen draws, gathered again whenever the store changed or the
// grouping or the chart's width did.
import { useMemo } from 'react';
import type { StoreReader } from '../../tracking/store-reader.js';
import { compareRuns, type Comparison } from '../../present/compare/comparison.js';

export function useComparison(reader: StoreReader, runIds: readonly number[], grouped: boolean, points: number, version: number, now: number): Comparison {
  return useMemo(() => compareRuns(reader, runIds, { groupSeeds: grouped, points, now }), [reader, runIds, grouped, points, version, now]);
}
