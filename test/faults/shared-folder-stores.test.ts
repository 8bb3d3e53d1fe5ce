// Two stores in one folder: each run's checkpoints belong to its own store and run, so one store's
// pruning never deletes another's files nor replaces its `best`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../framework/tracking/store.js';
import { folio, tinyCorpus, TINY_CONFIG, workspace } from '../helpers/cli.js';

const CHECKPOINTED = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 10').concat('checkpoint: { every: 5, keep: 5 }\n');

function artifactPaths(storePath: string): string[] {
  const store = RunStore.open(storePath);
  try {
    return store.getRun(1)!.artifacts.map((artifact) => artifact.path);
  } finally {
    store.close();
  }
}

describe('stores sharing a folder', () => {
  it("keep run 1 of a.db and run 1 of b.db apart: b's run leaves every file of a's in place", async () => {
    const cwd = workspace({ 'tiny.yaml': CHECKPOINTED, 'corpus.txt': tinyCorpus() });
    const a = await folio(['run', 'tiny.yaml', '--plain', '--store', 'X/a.db'], { cwd });
    expect(a.code, a.stderr).toBe(0);
    const aFiles = artifactPaths(join(cwd, 'X/a.db'));
    expect(aFiles.length).toBeGreaterThan(0);
    expect(aFiles.every((path) => path.startsWith(join(cwd, 'X/a.runs/1/')))).toBe(true);

    const b = await folio(['run', 'tiny.yaml', '--plain', '--store', 'X/b.db', '--set', 'seed=4', '--set', 'checkpoint.keep=1'], { cwd });
    expect(b.code, b.stderr).toBe(0);
    const bFiles = artifactPaths(join(cwd, 'X/b.db'));
    expect(bFiles.every((path) => path.startsWith(join(cwd, 'X/b.runs/1/')))).toBe(true);
    for (const path of aFiles) expect(existsSync(path), path).toBe(true);
  });
});
