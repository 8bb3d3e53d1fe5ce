// folio runs show tells how to continue a run that crashed and kept a checkpoint.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsCommand } from '../../framework/cli/commands/runs.js';
import { RunStore } from '../../framework/tracking/store.js';
import { tempDir, testIO } from '../tracking/helpers.js';

describe('a crashed run', () => {
  it('says how to resume it, from its newest checkpoint', async () => {
    const cwd = tempDir();
    // Recorded ten minutes ago, heartbeat never renewed: its process died.
    const store = RunStore.open(join(cwd, 'runs', 'folio.db'), { now: () => Date.now() - 10 * 60_000 });
    const crashed = store.createRun({ name: 'killed', config: {}, configHash: 'h', seed: 1, backend: 'cpu' });
    store.addArtifact(crashed, 'checkpoint', join(cwd, 'runs/1/step-0000500.safetensors'), 500);
    store.addArtifact(crashed, 'checkpoint', join(cwd, 'runs/1/step-0001000.safetensors'), 1000);
    const bare = store.createRun({ name: 'killed early', config: {}, configHash: 'h', seed: 1, backend: 'cpu' });
    store.close();

    const io = testIO(cwd);
    await runsCommand(['show', String(crashed)], io);
    expect(io.out()).toMatch(/status\s+crashed .*\n\s+resume\s+folio resume 1 continues it from its checkpoint at step 1000\n/);
    const early = testIO(cwd);
    await runsCommand(['show', String(bare)], early);
    expect(early.out()).not.toContain('resume');
  });
});
