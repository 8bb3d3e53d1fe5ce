// A comparison's report: `folio compare`'s comparison (metrics, the config keys that differ,
// seeds grouped or not) with train and val curves and samples at a step every run shares.
import { compareRuns } from '../present/compare/comparison.js';
import type { Spread } from '../present/compare/statistics.js';
import { commonSampleSteps, sampleAt } from '../present/compare/samples-side-by-side.js';
import { formatParameterValue } from '../present/sweep-format.js';
import type { StoreReader } from '../tracking/store-reader.js';
import { TRAIN_LOSS_KEY, VAL_LOSS_KEY } from '../tracking/store.js';
import { curveSeries } from './curves.js';
import { provenanceOf } from './provenance.js';
import type { CompareReport, Figure } from './types.js';

/** `ids` must all be runs of the store (the command checks with missingRuns). */
export function compareReportData(reader: StoreReader, ids: readonly number[], options: { groupSeeds: boolean; now?: number }): CompareReport {
  const now = options.now ?? Date.now();
  const comparison = compareRuns(reader, ids, { groupSeeds: options.groupSeeds, now });
  const groups = comparison.entries.map((entry) => ({ label: entry.label, runIds: entry.runs.map((run) => run.overview.id) }));
  const shared = commonSampleSteps(comparison.runs).at(-1);
  return {
    kind: 'compare',
    grouped: comparison.grouped,
    runs: comparison.runs.map(({ overview }) => ({ id: overview.id, name: overview.name, status: overview.status, seed: overview.seed, backend: overview.backend })),
    metrics: comparison.entries.map((entry, i) => ({
      label: entry.label,
      runIds: groups[i]!.runIds,
      finalValLoss: figureOf(entry.finalValLoss),
      bestValLoss: figureOf(entry.bestValLoss),
      trainLoss: figureOf(entry.trainLoss),
      steps: figureOf(entry.steps),
      tokensPerSecond: figureOf(entry.tokensPerSecond),
      durationMs: figureOf(entry.durationMs),
    })),
    valCurves: curveSeries(reader, VAL_LOSS_KEY, groups),
    trainCurves: curveSeries(reader, TRAIN_LOSS_KEY, groups),
    configDiff: comparison.diff.map((row) => ({ path: row.path, values: row.values.map((value) => (value === undefined ? null : formatParameterValue(value))) })),
    samples:
      shared === undefined
        ? []
        : comparison.runs.map((run) => {
            const sample = run.samples.find((s) => s.step === shared);
            return { label: `#${run.overview.id} ${run.overview.name}`, runId: run.overview.id, step: shared, prompt: sample?.prompt ?? '', text: sampleAt(run, shared) };
          }),
    provenance: provenanceOf(reader, ids, now),
  };
}

function figureOf(spread: Spread | undefined): Figure | null {
  return spread === undefined ? null : { mean: spread.mean, std: spread.std ?? null, min: spread.min, max: spread.max };
}
