// The compare bench suite's arithmetic: rounds interleave every setting, ratios are taken within
// a round (so a round slowed by a neighbour's load slows both engines), and the targets
// are read from the right cells. The timings are given, not measured: this checks the table.
import { describe, expect, it } from 'vitest';
import { compareEngines, referenceShape, type CompareShape } from '../../bench/compare.js';

const MAIN: CompareShape = { label: 'main', config: 'main.yaml', steps: 10 };
const LECTURE: CompareShape = { label: 'lecture', config: 'lecture.yaml', steps: 3 };

// Round 2 runs on a machine twice as busy: every setting takes twice as long.
const TIMES: Record<string, number> = {
  'main/folio/1': 30, 'main/pytorch/1': 60, 'main/folio/2': 15, 'main/pytorch/2': 100,
  'lecture/folio/1': 1000, 'lecture/pytorch/1': 5000, 'lecture/folio/2': 600, 'lecture/pytorch/2': 3000,
};

describe('the compare suite', () => {
  it('runs each setting once per round, in turn, and takes ratios within rounds', () => {
    const order: string[] = [];
    const { table, figures } = compareEngines([MAIN, LECTURE], 2, (shape, engine, threads) => {
      const key = `${shape.label}/${engine}/${threads}`;
      order.push(key);
      return TIMES[key]! * (order.length > 8 ? 2 : 1);
    }, () => {});
    expect(order.slice(0, 8)).toEqual(order.slice(8));
    expect(order.slice(0, 4)).toEqual(['main/folio/1', 'main/pytorch/1', 'main/folio/2', 'main/pytorch/2']);
    const figure = (name: string) => figures.find((f) => f.name === name)!;
    // Best Folio 15 against best PyTorch 60 in both rounds: 0.25, within the 0.5 target.
    expect(figure('main: best Folio / best PyTorch')).toMatchObject({ value: 0.25, pass: true });
    expect(figure('main: Folio / PyTorch, 1 thread')).toMatchObject({ value: 0.5, pass: true });
    expect(figure('main: Folio 2 threads vs 1')).toMatchObject({ value: 2, pass: true });
    // 600 against 3000: 0.2, within the lecture's 0.3.
    expect(figure('lecture: best Folio / best PyTorch')).toMatchObject({ value: 0.2, pass: true });
    expect(figure('main: Folio native, 1 thread(s)').value).toBe(45); // median of 30 and 60
    expect(table).toContain('| main | 1 | 45.0 (30.0-60.0) | 90.0 (60.0-120.0) | 0.50 (0.50-0.50) |');
    expect(table).toHaveLength(2 + 4);
  });

  it('misses a target when Folio is slower', () => {
    const { figures } = compareEngines([MAIN], 1, (_shape, engine, threads) => (engine === 'folio' ? 50 : 60) / threads, () => {});
    expect(figures.find((f) => f.name === 'main: Folio / PyTorch, 1 thread')).toMatchObject({ pass: false });
    expect(figures.find((f) => f.name === 'main: Folio 2 threads vs 1')).toMatchObject({ value: 2, pass: true });
  });

  it("reads the reference's model shape from a config", async () => {
    const shape = await referenceShape(new URL('../../configs/shakespeare-char-lecture.yaml', import.meta.url).pathname);
    expect(shape).toEqual({ n_layer: 6, n_head: 6, n_embd: 384, block_size: 256, batch_size: 64, dropout: 0.2 });
  });
});
