// What a report holds: plain data gathered from the store once, which the page, the PNG export and
// `--format json` all draw from.
import type { ImportanceResult } from '../sweep/importance.js';
import type { ParameterSpace, Point } from '../sweep/types.js';

/** A sweep and its ranking, exactly what `folio sweeps show <id> --json` prints (framework/sweep/sweep-leaderboard.ts). */
import type { LeaderboardPoint, LeaderboardTrial, SweepLeaderboard as Leaderboard } from '../sweep/sweep-leaderboard.js';

export type { Leaderboard, LeaderboardPoint, LeaderboardTrial };

/** A curve point: the mean over a series' runs at a step, with the lowest and highest run (a band). */
export interface CurveSample {
  step: number;
  value: number;
  low: number;
  high: number;
}

/** A named curve (one run, or the seeds of one point or setting). */
export interface CurveSeries {
  label: string;
  runIds: number[];
  points: CurveSample[];
}

export interface SampleText {
  label: string;
  runId: number;
  step: number;
  prompt: string;
  text: string;
}

/** Where and when a report's runs ran, and which Folio wrote the page. */
export interface Provenance {
  folioVersion: string;
  generatedAt: number;
  /** Hosts (or queue workers) that ran the trials, as recorded with each run. */
  hosts: string[];
  backends: string[];
}

export interface SweepReport {
  kind: 'sweep';
  leaderboard: Leaderboard;
  parameters: ParameterSpace[];
  importance: ImportanceResult;
  /** Every trial with the objective it reached, for the charts over parameters. */
  trials: { runId: number; rank: number | null; point: Point; status: string; seed: number; value: number | null }[];
  /** The sweep's metric over steps for the best points, each a band over its seeds. */
  topCurves: CurveSeries[];
  bestConfigYaml: string | undefined;
  samples: SampleText[];
  earlyStop: string | undefined;
  provenance: Provenance;
}

export interface CompareMetricsRow {
  label: string;
  runIds: number[];
  /** Each figure as mean, with min and max over a group's seeds (equal for one run). */
  finalValLoss: Figure | null;
  bestValLoss: Figure | null;
  trainLoss: Figure | null;
  steps: Figure | null;
  tokensPerSecond: Figure | null;
  durationMs: Figure | null;
}

export interface Figure {
  mean: number;
  std: number | null;
  min: number;
  max: number;
}

export interface CompareReport {
  kind: 'compare';
  grouped: boolean;
  runs: { id: number; name: string; status: string; seed: number; backend: string }[];
  metrics: CompareMetricsRow[];
  valCurves: CurveSeries[];
  trainCurves: CurveSeries[];
  /** Config keys that differ: one value per metrics row. */
  configDiff: { path: string; values: (string | null)[] }[];
  /** Samples at the last step every run has one, one per run; empty when they share none. */
  samples: SampleText[];
  provenance: Provenance;
}

export type Report = SweepReport | CompareReport;
