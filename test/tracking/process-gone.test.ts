// A run whose recorded process is gone from this machine reads 'crashed' at once, in the store,
// the dashboard's reader and `folio runs show` (with how to resume it); a run recorded on another
// machine keeps the heartbeat rule.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsCommand } from '../../framework/cli/commands/runs.js';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { RunStore } from '../../framework/tracking/store.js';
import { tempDir, testIO } from './helpers.js';

/** The id of a process that existed and has exited. */
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;

function storeWith(info: Record<string, unknown>[]): { cwd: string; path: string } {
  const cwd = tempDir();
  const path = join(cwd, 'runs', 'folio.db');
  const store = RunStore.open(path);
  for (const each of info) {
    const id = store.createRun({ name: 'tiny', config: { name: 'tiny' }, configHash: 'h', seed: 1, backend: 'cpu' });
    store.setInfo(id, each);
    store.logMetrics(id, 10, { 'train/loss': 2 });
    store.addArtifact(id, 'checkpoint', join(cwd, 'runs', String(id), 'step-10.safetensors'), 10);
    store.heartbeat(id); // fresh: the heartbeat alone would say it is alive
  }
  store.close();
  return { cwd, path };
}

describe('a run whose process is gone', () => {
  it('reads crashed at once on the machine that recorded it, running elsewhere or while its process lives', async () => {
    const { cwd, path } = storeWith([
      { pid: deadPid, host: hostname() },
      { pid: process.pid, host: hostname() },
      { pid: deadPid, host: `not-${hostname()}` },
    ]);
    const store = RunStore.open(path);
    expect(store.listRuns().map((run) => [run.id, run.status])).toEqual([
      [3, 'running'],
      [2, 'running'],
      [1, 'crashed'],
    ]);
    expect(store.getRun(1)!.status).toBe('crashed');
    store.close();
    const reader = StoreReader.open(path)!;
    expect(reader.runs().map((run) => [run.id, run.status])).toEqual([
      [3, 'running'],
      [2, 'running'],
      [1, 'crashed'],
    ]);
    reader.close();
    const io = testIO(cwd);
    expect(await runsCommand(['show', '1'], io)).toBe(0);
    expect(io.out()).toMatch(/crashed \(recorded as running, but its process is gone from this machine; last heartbeat \S+ ago\)/);
    expect(io.out()).toMatch(/resume\s+folio resume 1 continues it from its checkpoint at step 10/);
  });
});
