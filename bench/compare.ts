// `--suite compare`: Folio's native engine against the PyTorch reference (../shared/anchors), both
// on 1 and 2 threads, for the main config's shape and the lecture's. Each round runs every
// setting once, in turn, so that a neighbour's load on a shared machine slows them alike; each
// figure is the median over rounds, with the range, and each ratio is taken within a round.
import { loadavg } from 'node:os';
import { builtinRegistry } from '../components/index.js';
import { loadConfig } from '../framework/config/load.js';
import { median } from './run-config.js';
import type { ReferenceShape } from './torch-reference.js';

export const THREAD_COUNTS = [1, 2] as const;

export interface CompareFigure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}

export interface CompareShape {
  label: string;
  config: string;
  steps: number;
}

/** Runs one setting and returns its median ms per step. */
export type StepTimer = (shape: CompareShape, engine: 'folio' | 'pytorch', threads: number) => number;

/** The reference's arguments for the model a config trains (the reference has no other architecture knobs). */
export async function referenceShape(config: string): Promise<ReferenceShape> {
  const { config: resolved } = await loadConfig(config, { registry: builtinRegistry() });
  const model = resolved.model as unknown as { n_layer: number; n_embd: number; block_size: number; dropout: number; attention: { n_head: number } };
  return {
    n_layer: model.n_layer,
    n_head: model.attention.n_head,
    n_embd: model.n_embd,
    block_size: model.block_size,
    batch_size: resolved.train.batch_size,
    dropout: model.dropout,
  };
}

const range = (values: readonly number[], digits: number) =>
  values.length > 1 ? ` (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})` : '';

interface Cell {
  folio: number[];
  pytorch: number[];
}

/**
 * The side-by-side table (markdown, one row per shape and thread count) and the targets
 * as figures: best Folio / best PyTorch (main: <= 0.5, lecture: <= 0.3), one thread Folio /
 * PyTorch (<= 0.7) and Folio's two-thread speed-up (>= 1.7), each the median of per-round ratios.
 */
export function compareEngines(shapes: readonly CompareShape[], rounds: number, time: StepTimer, log: (line: string) => void): { table: string[]; figures: CompareFigure[] } {
  const cells = new Map<string, Cell>();
  const key = (shape: CompareShape, threads: number) => `${shape.label}/${threads}`;
  for (const shape of shapes) for (const threads of THREAD_COUNTS) cells.set(key(shape, threads), { folio: [], pytorch: [] });
  for (let round = 0; round < rounds; round++) {
    for (const shape of shapes) {
      for (const threads of THREAD_COUNTS) {
        const cell = cells.get(key(shape, threads))!;
        cell.folio.push(time(shape, 'folio', threads));
        cell.pytorch.push(time(shape, 'pytorch', threads));
        log(`  round ${round + 1}, ${shape.label}, ${threads} thread${threads > 1 ? 's' : ''}: Folio ${cell.folio.at(-1)!.toFixed(1)} ms, PyTorch ${cell.pytorch.at(-1)!.toFixed(1)} ms (load ${loadavg()[0]!.toFixed(2)})`);
      }
    }
  }

  const table = ['| model | threads | Folio native ms/step | PyTorch ms/step | Folio / PyTorch |', '|---|---|---|---|---|'];
  const figures: CompareFigure[] = [];
  const perRound = (a: readonly number[], b: readonly number[], f: (x: number, y: number) => number) => a.map((x, i) => f(x, b[i]!));
  for (const shape of shapes) {
    for (const threads of THREAD_COUNTS) {
      const { folio, pytorch } = cells.get(key(shape, threads))!;
      const ratios = perRound(folio, pytorch, (f, p) => f / p);
      table.push(
        `| ${shape.label} | ${threads} | ${median(folio).toFixed(1)}${range(folio, 1)} | ${median(pytorch).toFixed(1)}${range(pytorch, 1)} | ${median(ratios).toFixed(2)}${range(ratios, 2)} |`,
      );
      figures.push({ name: `${shape.label}: Folio native, ${threads} thread(s)`, value: median(folio), unit: 'ms' });
      figures.push({ name: `${shape.label}: PyTorch, ${threads} thread(s)`, value: median(pytorch), unit: 'ms' });
    }
    const at = (threads: number) => cells.get(key(shape, threads))!;
    const bestFolio = perRound(at(1).folio, at(2).folio, Math.min);
    const bestTorch = perRound(at(1).pytorch, at(2).pytorch, Math.min);
    const best = median(perRound(bestFolio, bestTorch, (f, p) => f / p));
    const bestTarget = shape.label === 'lecture' ? 0.3 : 0.5;
    figures.push({ name: `${shape.label}: best Folio / best PyTorch`, value: best, unit: 'x', target: `<= ${bestTarget}`, pass: best <= bestTarget });
    if (shape.label !== 'lecture') {
      const one = median(perRound(at(1).folio, at(1).pytorch, (f, p) => f / p));
      figures.push({ name: `${shape.label}: Folio / PyTorch, 1 thread`, value: one, unit: 'x', target: '<= 0.7', pass: one <= 0.7 });
      const speedup = median(perRound(at(1).folio, at(2).folio, (one, two) => one / two));
      figures.push({ name: `${shape.label}: Folio 2 threads vs 1`, value: speedup, unit: 'x', target: '>= 1.7', pass: speedup >= 1.7 });
    }
  }
  return { table, figures };
}
