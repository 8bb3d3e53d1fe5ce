import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsCommand } from '../../framework/cli/commands/runs.js';
import { UserError } from '../../framework/errors.js';
import { RunStore, StoreError } from '../../framework/tracking/store.js';
import { failure, recordCompletedRun, tempDir, testIO } from './helpers.js';

/** A project folder whose default store (runs/folio.db) holds a completed run, a diverged one and a live one. */
function project(): { cwd: string; path: string; ids: { completed: number; diverged: number; live: number } } {
  const cwd = tempDir();
  const path = join(cwd, 'runs', 'folio.db');
  const store = RunStore.open(path);
  const completed = recordCompletedRun(store, 'baseline');
  const diverged = store.createRun({ name: 'too-hot', config: { name: 'too-hot', train: { lr: 1 } }, configHash: 'ffff', seed: 2, backend: 'cpu' });
  store.logMetrics(diverged, 10, { 'train/loss': 3.1 });
  store.logMetrics(diverged, 20, { 'train/loss': NaN });
  store.finishRun(diverged, 'diverged', 'loss became NaN at step 20');
  const live = store.createRun({ name: 'live', config: { name: 'live' }, configHash: 'eeee', seed: 3, backend: 'wasm' });
  store.close();
  return { cwd, path, ids: { completed, diverged, live } };
}

describe('folio runs list', () => {
  it('--json prints one parseable array, newest first, and nothing else', async () => {
    const { cwd, ids } = project();
    const io = testIO(cwd);
    expect(await runsCommand(['list', '--json'], io)).toBe(0);
    const runs = JSON.parse(io.out()) as Record<string, unknown>[];
    expect(runs.map((r) => r.id)).toEqual([ids.live, ids.diverged, ids.completed]);
    expect(runs[2]).toMatchObject({ name: 'baseline', status: 'completed', backend: 'wasm', lastStep: 100, trainLoss: 2, valLoss: 2.3, bestValLoss: 2.2 });
    // NaN survives as a string rather than turning into null ("never logged").
    expect(runs[1]).toMatchObject({ status: 'diverged', trainLoss: 'NaN', valLoss: null });
    expect(io.err()).toBe('');
  });

  it('--limit keeps the newest N', async () => {
    const { cwd, ids } = project();
    const io = testIO(cwd);
    await runsCommand(['list', '--json', '--limit', '2'], io);
    expect((JSON.parse(io.out()) as { id: number }[]).map((r) => r.id)).toEqual([ids.live, ids.diverged]);
  });

  it('prints a table for people', async () => {
    const { cwd, ids } = project();
    const io = testIO(cwd);
    expect(await runsCommand(['list'], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+status\s+backend\s+steps\s+train loss\s+val loss\s+best val\s+started\s+took$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^\\s*${ids.live}\\s+live\\s+running\\s+wasm`));
    expect(lines[2]).toMatch(/too-hot\s+diverged\s+cpu\s+20\s+nan\s+-\s+-/);
    expect(lines[3]).toMatch(/baseline\s+completed\s+wasm\s+100\s+2\.0000\s+2\.3000\s+2\.2000/);
  });

  it('filters by --status, --name, --sweep and --since, then --limit', async () => {
    const { cwd, path, ids } = project();
    const list = async (...args: string[]) => {
      const io = testIO(cwd);
      expect(await runsCommand(['list', '--json', ...args], io)).toBe(0);
      return (JSON.parse(io.out()) as { id: number }[]).map((run) => run.id);
    };
    expect(await list('--status', 'diverged')).toEqual([ids.diverged]);
    expect(await list('--status', 'completed', '--status', 'running')).toEqual([ids.live, ids.completed]);
    expect(await list('--status', 'completed,diverged', '--limit', '1')).toEqual([ids.diverged]);
    expect(await list('--name', 'HOT')).toEqual([ids.diverged]);
    expect(await list('--since', '1h')).toEqual([ids.live, ids.diverged, ids.completed]);
    expect(await list('--since', '2020-01-01', '--name', 'base')).toEqual([ids.completed]);
    const store = RunStore.open(path);
    const sweep = store.createSweep({ name: 'lr', spec: {}, specHash: 'h' });
    const trial = store.createRun({ name: 'trial', config: { name: 'trial' }, configHash: 'dddd', seed: 4, backend: 'cpu', sweepId: sweep });
    store.close();
    expect(await list('--sweep', String(sweep))).toEqual([trial]);

    const table = testIO(cwd);
    await runsCommand(['list', '--status', 'failed'], table);
    expect(table.out()).toBe(`no runs match (store: ${path})\n`);
    const bad = await failure(runsCommand(['list', '--status', 'done'], testIO(cwd)));
    expect(bad.message).toMatch(/^--status must be one of running, completed, failed, interrupted, diverged, pruned, crashed, got "done"/);
    const since = await failure(runsCommand(['list', '--since', 'yesterday'], testIO(cwd)));
    expect(since.message).toMatch(/^--since must be an age such as 30m, 12h, 2d, 1w or a date/);
  });

  it('says how many runs it left out', async () => {
    const { cwd } = project();
    const io = testIO(cwd);
    await runsCommand(['list', '--limit', '1'], io);
    expect(io.out()).toContain('(newest 1 of 3 runs; --limit N shows more)');
  });

  it('finds the store through --store, then FOLIO_STORE', async () => {
    const { path, ids } = project();
    const elsewhere = tempDir();
    const viaFlag = testIO(elsewhere);
    await runsCommand(['list', '--json', '--store', path], viaFlag);
    expect(JSON.parse(viaFlag.out())).toHaveLength(3);
    const viaEnv = testIO(elsewhere, { FOLIO_STORE: path });
    await runsCommand(['list', '--json'], viaEnv);
    expect((JSON.parse(viaEnv.out()) as { id: number }[]).at(-1)!.id).toBe(ids.completed);
  });

  it('reports an empty or missing store without creating one', async () => {
    const cwd = tempDir();
    const io = testIO(cwd);
    expect(await runsCommand(['list'], io)).toBe(0);
    const path = join(cwd, 'runs', 'folio.db');
    expect(io.out()).toBe(`no runs yet (store: ${path})\n`);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(cwd, 'runs'))).toBe(false);

    const json = testIO(cwd);
    await runsCommand(['list', '--json'], json);
    expect(JSON.parse(json.out())).toEqual([]);

    RunStore.open(path).close();
    const empty = testIO(cwd);
    await runsCommand(['list'], empty);
    expect(empty.out()).toBe(`no runs yet (store: ${path})\n`);
  });

  it('shows a live run as crashed once its heartbeat is old', async () => {
    const cwd = tempDir();
    const path = join(cwd, 'runs', 'folio.db');
    const store = RunStore.open(path, { now: () => Date.now() - 10 * 60_000 });
    const id = store.createRun({ name: 'ghost', config: {}, configHash: 'h', seed: 1, backend: 'cpu' });
    store.close();
    const io = testIO(cwd);
    await runsCommand(['list', '--json'], io);
    expect(JSON.parse(io.out())).toEqual([expect.objectContaining({ id, status: 'crashed' })]);
    const human = testIO(cwd);
    await runsCommand(['show', String(id)], human);
    expect(human.out()).toMatch(/status\s+crashed \(recorded as running, but no heartbeat since .*, 10m0\ds ago\)/);
  });

  it('is what plain `folio runs` does', async () => {
    const { cwd, ids } = project();
    const io = testIO(cwd);
    expect(await runsCommand(['--json'], io)).toBe(0);
    expect((JSON.parse(io.out()) as { id: number }[])[0]!.id).toBe(ids.live);
  });

  it('rejects unknown flags and bad limits with a UserError and the usage', async () => {
    const io = testIO(tempDir());
    const unknown = await failure(runsCommand(['list', '--jsno'], io));
    expect(unknown).toBeInstanceOf(UserError);
    expect(unknown.message.split('\n')[0]).toBe(
      'unknown option --jsno (did you mean --json?); folio runs list takes --status, --sweep, --name, --since, --limit, --json, --store, --help',
    );
    expect(unknown.message).toContain('usage: folio runs list');
    for (const limit of ['0', '-3', 'ten', '2.5']) {
      const bad = await failure(runsCommand(['list', `--limit=${limit}`], io));
      expect(bad).toBeInstanceOf(UserError);
      expect(bad.message).toContain('--limit');
    }
    expect(await failure(runsCommand(['list', 'extra'], io))).toBeInstanceOf(UserError);
    expect(await failure(runsCommand(['lsit'], io))).toBeInstanceOf(UserError);
  });

  it('treats a store that is not a database as a StoreError', async () => {
    const cwd = tempDir();
    const path = join(cwd, 'notes.txt');
    writeFileSync(path, 'not a database\n'.repeat(100));
    const error = await failure(runsCommand(['list', '--store', path], testIO(cwd)));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toBe(`${path} is not a Folio store (not an SQLite database)`);
  });
});

describe('folio runs show', () => {
  it('--json prints the whole run as one parseable object', async () => {
    const { cwd, ids } = project();
    const io = testIO(cwd);
    expect(await runsCommand(['show', String(ids.completed), '--json'], io)).toBe(0);
    const run = JSON.parse(io.out()) as Record<string, unknown>;
    expect(run).toMatchObject({
      id: ids.completed,
      name: 'baseline',
      status: 'completed',
      config: { name: 'baseline', seed: 1337 },
      info: { parameters: 812_345 },
      metrics: { 'val/loss': { step: 100, value: 2.3 } },
      error: null,
    });
    expect(run.samples).toHaveLength(2);
    expect(run.artifacts).toEqual([expect.objectContaining({ kind: 'checkpoint', step: 100 })]);
  });

  it('describes a run for people, ending with its config as YAML', async () => {
    const { cwd, ids } = project();
    const io = testIO(cwd);
    await runsCommand(['show', String(ids.completed)], io);
    const text = io.out();
    expect(text.startsWith(`run ${ids.completed}: baseline\n`)).toBe(true);
    for (const expected of [
      /status\s+completed/,
      /backend\s+wasm/,
      /seed\s+1337/,
      /config hash\s+abc123def456/,
      /took\s+\d+s/,
      /val loss\s+2\.3000 \(best 2\.2000\)/,
      /parameters\s+0\.81M \(812345\)/,
      /train\/lr\s+100\s+5e-4\n/,
      /last sample \(step 100, prompt "\\n"\)\n {2}ROMEO:\n {2}What light/,
      /checkpoint\s+100\s+runs\/\d+\/checkpoint/,
      /config\n {2}name: baseline\n {2}seed: 1337\n/,
      / {4}n_layer: 2\n/,
    ]) {
      expect(text).toMatch(expected);
    }
  });

  it('shows why a run ended badly', async () => {
    const { cwd, ids } = project();
    const io = testIO(cwd);
    await runsCommand(['show', String(ids.diverged)], io);
    expect(io.out()).toMatch(/status\s+diverged/);
    expect(io.out()).toMatch(/error\s+loss became NaN at step 20/);
    expect(io.out()).toMatch(/train loss\s+nan/);
  });

  it('a missing id is a UserError naming the store', async () => {
    const { cwd, path } = project();
    const error = await failure(runsCommand(['show', '7'], testIO(cwd)));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(`no run 7 in ${path}`);

    const nowhere = tempDir();
    const noStore = await failure(runsCommand(['show', '7'], testIO(nowhere)));
    expect(noStore).toBeInstanceOf(UserError);
    expect(noStore.message).toContain(`no run 7 in ${join(nowhere, 'runs', 'folio.db')}`);
    expect(existsSync(join(nowhere, 'runs'))).toBe(false);
  });

  it('wants exactly one whole-number id', async () => {
    const { cwd } = project();
    for (const argv of [['show'], ['show', 'abc'], ['show', '1.5'], ['show', '0'], ['show', '1', '2'], ['show', '1', '--verbose']]) {
      const error = await failure(runsCommand(argv, testIO(cwd)));
      expect(error, argv.join(' ')).toBeInstanceOf(UserError);
      expect(error.message).toContain('usage: folio runs show');
    }
  });
});
