// One store, every view of its sweep: `folio sweeps list --json`, `sweeps show --json` and its
// text, the live leaderboard's state (started from the same recorded trials), the dashboard's
// sweeps screens and `compare --group-seeds` give the same counts, ranks and best point, for
// generated sweeps with every status (crashed ones found by their dead process included).
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { compareCommand } from '../../framework/cli/commands/compare.js';
import { sweepsCommand } from '../../framework/cli/commands/sweeps.js';
import { formatDone, formatSweepCounts } from '../../framework/present/sweep-format.js';
import { DashboardApp } from '../../framework/dashboard/app/DashboardApp.js';
import { ThemeContext, themeFor } from '../../framework/dashboard/app/theme.js';
import { rankedTrials, sweepAnalysis, sweepReducer, initialSweepState } from '../../framework/sweep/live-state.js';
import type { SweepLeaderboard, SweepListEntry } from '../../framework/sweep/sweep-leaderboard.js';
import type { SweepSpec, TrialStatus } from '../../framework/sweep/types.js';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { RunStore } from '../../framework/tracking/store.js';
import { workspace } from '../helpers/temp.js';
import { testIO } from '../tracking/helpers.js';
import { KEY, frameMatching, press } from '../dashboard/dashboard-keys.js';

afterEach(() => cleanup());

const LRS = [1e-3, 3e-3, 1e-2];
const SEEDS = [1, 2];
const spec: SweepSpec = {
  name: 'lr-grid',
  base: '/project/tiny.yaml',
  metric: 'val/loss',
  goal: 'minimize',
  method: 'grid',
  trials: 0,
  parallel: 2,
  seeds: SEEDS,
  earlyStop: { type: 'median', warmup_steps: 10, min_trials: 2 },
  parameters: [{ path: 'optimizer.lr', kind: 'values', values: LRS }],
  overrides: [],
  samplerSeed: 0,
};

type Drawn = { lr: number; seed: number; status: TrialStatus; value: number };

const trialSets = fc.uniqueArray(
  fc.record({
    lr: fc.constantFrom(...LRS),
    seed: fc.constantFrom(...SEEDS),
    status: fc.constantFrom<TrialStatus>('running', 'completed', 'pruned', 'failed', 'interrupted', 'diverged', 'crashed'),
    value: fc.integer({ min: 100, max: 400 }).map((x) => x / 100),
  }),
  { selector: (t) => `${t.lr}/${t.seed}`, minLength: 2, maxLength: 6 },
);

/** A process id that existed and is gone: a crashed trial's. */
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;

function storeWith(trials: Drawn[]): { cwd: string; path: string; sweepId: number; runIds: number[] } {
  const cwd = workspace();
  const path = join(cwd, 'runs', 'folio.db');
  const store = RunStore.open(path);
  const sweepId = store.createSweep({ name: spec.name, spec, specHash: 'h' });
  const runIds = trials.map((t) => {
    const config = { name: 'tiny', seed: t.seed, optimizer: { type: 'adamw', lr: t.lr }, train: { max_iters: 100 } };
    const id = store.createRun({ name: `lr-grid · optimizer.lr=${t.lr} · seed ${t.seed}`, config, configHash: `c${t.lr}/${t.seed}`, seed: t.seed, backend: 'cpu', sweepId, trialKey: `${t.lr}/${t.seed}` });
    // Running trials are alive (this process); crashed ones recorded a process that is gone.
    store.setInfo(id, { pid: t.status === 'crashed' ? deadPid : process.pid, host: hostname() });
    store.logMetrics(id, 40, { 'val/loss': t.value });
    if (t.status !== 'running' && t.status !== 'crashed') store.finishRun(id, t.status as Exclude<TrialStatus, 'running' | 'crashed' | 'pending'>);
    else store.heartbeat(id);
    return id;
  });
  store.close();
  return { cwd, path, sweepId, runIds };
}

async function json<T>(cwd: string, argv: string[], command = sweepsCommand): Promise<T> {
  const io = testIO(cwd);
  expect(await command(argv, io)).toBe(0);
  return JSON.parse(io.out()) as T;
}

describe('every view of one stored sweep', () => {
  it('gives the same counts, ranks and best point', async () => {
    const samples = fc.sample(trialSets, { numRuns: 12, seed: 17 });
    for (const trials of samples) {
      const { cwd, path, sweepId } = storeWith(trials);
      const [listed] = await json<SweepListEntry[]>(cwd, ['list', '--json']);
      const shown = await json<SweepLeaderboard>(cwd, ['show', String(sweepId), '--json']);
      expect(listed!.counts).toEqual(shown.counts);
      expect(listed!.best).toEqual(shown.best === null ? null : (({ runId: _r, config: _c, ...point }) => point)(shown.best));
      const of = (status: TrialStatus) => trials.filter((t) => t.status === status).length;
      expect(shown.counts).toMatchObject({ planned: 6, done: of('completed') + of('pruned'), crashed: of('crashed'), running: of('running'), interrupted: of('interrupted') });

      const text = testIO(cwd);
      await sweepsCommand(['show', String(sweepId)], text);
      const counts = { ...shown.counts, planned: 6 };
      expect(text.out()).toContain(`${formatDone(counts)} (${formatSweepCounts(counts)})`);

      // The live leaderboard of a sweep started again over this store: the same numbers before any trial runs.
      const reader = StoreReader.open(path)!;
      const recorded = reader.sweepTrials(sweepId).map((row) => ({
        runId: row.id,
        trialKey: row.trialKey!,
        point: { 'optimizer.lr': (row.config as { optimizer: { lr: number } }).optimizer.lr },
        seed: row.seed,
        status: row.status as TrialStatus,
        value: row.valLoss ?? undefined,
        lastStep: row.lastStep ?? undefined,
        maxSteps: 100,
      }));
      reader.close();
      const live = sweepReducer(initialSweepState, { kind: 'start', sweepId, name: spec.name, method: 'grid', metric: 'val/loss', goal: 'minimize', parallel: 2, plannedTrials: 6, seedsPerPoint: 2, finishedBefore: 0, recorded }, 0);
      const liveAnalysis = sweepAnalysis(live);
      expect({ ...liveAnalysis.counts, planned: liveAnalysis.counts.planned ?? null }).toEqual(shown.counts);
      expect(liveAnalysis.points.map((p) => [p.rank ?? null, p.point, p.objective ?? null])).toEqual(shown.points.map((p) => [p.rank, p.point, p.mean]));
      expect(rankedTrials(live)).toHaveLength(trials.length);

      // compare --group-seeds over all the sweep's runs: each group is a point, with the sweep's rank.
      const ids = shown.points.flatMap((p) => p.trials.map((t) => String(t.runId)));
      if (ids.length >= 2) {
        const compared = await json<{ entries: { runIds: number[]; sweepPoint: { rank: number | null } | null }[] }>(cwd, [...ids, '--group-seeds', '--json'], compareCommand);
        const rankOf = new Map(shown.points.flatMap((p) => p.trials.map((t) => [t.runId, p.rank] as const)));
        for (const entry of compared.entries) expect(entry.sweepPoint?.rank).toBe(rankOf.get(entry.runIds[0]!));
        const ranks = compared.entries.map((e) => e.sweepPoint!.rank ?? Infinity);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      }
    }
  });

  it('the dashboard\'s sweeps screens show the same counts and ranks as sweeps show', async () => {
    const trials: Drawn[] = [
      { lr: 1e-3, seed: 1, status: 'completed', value: 2.0 },
      { lr: 1e-3, seed: 2, status: 'interrupted', value: 2.9 },
      { lr: 3e-3, seed: 1, status: 'completed', value: 1.5 },
      { lr: 3e-3, seed: 2, status: 'pruned', value: 2.5 },
      { lr: 1e-2, seed: 1, status: 'crashed', value: 1.0 },
      { lr: 1e-2, seed: 2, status: 'completed', value: 2.2 },
    ];
    const { cwd, path, sweepId } = storeWith(trials);
    const shown = await json<SweepLeaderboard>(cwd, ['show', String(sweepId), '--json']);
    expect(shown.counts).toMatchObject({ planned: 6, done: 4, completed: 3, pruned: 1, interrupted: 1, crashed: 1 });
    expect(shown.points.map((p) => [p.rank, p.point['optimizer.lr'], p.tier])).toEqual([
      [1, 1e-3, 'completed'],
      [2, 1e-2, 'completed'],
      [3, 3e-3, 'pruned'],
    ]);
    const app = render(
      <ThemeContext.Provider value={themeFor({})}>
        <DashboardApp openReader={() => StoreReader.open(path)} storePath={path} now={() => Date.now()} pollMs={20} width={100} height={30} />
      </ThemeContext.Provider>,
    );
    await frameMatching(app, /runs/);
    await press(app, 'w');
    const list = await frameMatching(app, /lr-grid/);
    expect(list).toContain('4/6 done');
    expect(list).toContain('3 completed, 1 pruned, 1 interrupted, 1 crashed');
    await press(app, KEY.enter);
    const detail = await frameMatching(app, /sweep \d+ lr-grid/);
    expect(detail).toMatch(/1\s+1e-3\s+2\.0000\s+1\/2\s+1 completed, 1 interrupted/);
    expect(detail).toMatch(/2\s+0\.01\s+2\.2000\s+1\/2\s+1 completed, 1 crashed/);
    expect(detail).toMatch(/3\*\s+3e-3\s+1\.5000\s+1\/2\s+1 completed, 1 pruned/);
  });
});
