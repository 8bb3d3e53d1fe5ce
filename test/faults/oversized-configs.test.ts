// Sizes that cannot fit in memory: refused by the config checks at the key to blame, with the
// estimate and the machine's memory, before anything is built or recorded.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../components/index.js';
import { ConfigError, loadConfig } from '../../framework/config/load.js';
import { estimateTrainingMemory } from '../../framework/config/memory-estimate.js';
import { folio, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';

const GB = 1e9;

async function refusal(config: string, availableMemoryBytes = 24 * GB): Promise<string> {
  const cwd = workspace({ 'tiny.yaml': config, 'corpus.txt': tinyCorpus() });
  const error = await loadConfig('tiny.yaml', { registry: builtinRegistry(), cwd, availableMemoryBytes }).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('the memory a config needs', () => {
  it('is refused at the key to blame, with the estimate and what the machine has', async () => {
    const lineOf = (config: string, key: string) => config.split('\n').findIndex((line) => line.includes(key)) + 1;
    const huge = TINY_CONFIG.replace('block_size: 16', 'block_size: 1000000000');
    expect(await refusal(huge)).toMatch(new RegExp(`^tiny\\.yaml:${lineOf(huge, 'block_size')}:3: model\\.block_size: training this config needs ~[0-9.e+]+ GB, this machine has 24 GB \\(`));
    const long = TINY_CONFIG.replace('block_size: 16', 'block_size: 100000');
    expect(await refusal(long)).toMatch(/^tiny\.yaml:\d+:3: model\.block_size: training this config needs ~\d+ GB, this machine has 24 GB/);
    const wide = TINY_CONFIG.replace('batch_size: 4', 'batch_size: 1000000000');
    expect(await refusal(wide)).toMatch(new RegExp(`^tiny\\.yaml:${lineOf(wide, 'batch_size')}:\\d+: train\\.batch_size: training this config needs ~[0-9,]+ GB, this machine has 24 GB`));
  });

  it('lets the shipped configs through on a 16 GB machine, and the tiny one through on 1 GB', async () => {
    for (const file of ['configs/shakespeare-char.yaml', 'configs/shakespeare-char-lecture.yaml', 'configs/shakespeare-bpe.yaml']) {
      await expect(loadConfig(file, { registry: builtinRegistry(), cwd: process.cwd(), availableMemoryBytes: 16 * GB })).resolves.toBeDefined();
    }
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    await expect(loadConfig('tiny.yaml', { registry: builtinRegistry(), cwd, availableMemoryBytes: 1 * GB })).resolves.toBeDefined();
  });

  it('counts parameters as a GPT has them: the lecture model is about 10.8M', () => {
    const lecture = estimateTrainingMemory({ layers: 6, width: 384, heads: 6, blockSize: 256, batchSize: 64, vocabSize: 65 });
    expect(lecture.parameters / 1e6).toBeCloseTo(10.8, 0);
    expect(lecture.optimizerBytes).toBe(2 * lecture.weightsBytes);
  });

  it('gets exit 2 from folio validate and folio run, and no store is made', async () => {
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    for (const [command, set] of [['validate', 'model.block_size=1000000000'], ['run', 'model.block_size=100000'], ['run', 'train.batch_size=1000000000']] as const) {
      const result = await folio([command, 'tiny.yaml', '--set', set], { cwd });
      expect(result.code, `${command} ${set}`).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^folio: --set ${set.replace('.', '\\.')}: training this config needs ~.* GB, this machine has .* GB`));
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });
});
