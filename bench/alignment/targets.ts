// node dist/bench/alignment/targets.js --store runs/folio.db --pretrained 1 --tuned 2,3,4 [--samples 256] [--tokens 200] [--reward lexicon|config.yaml]
// Issue 20's targets, measured on recorded runs: the mean reward of `samples` samples (temperature
// 1.0) of each tuned run against the pretrained model's mean, its std and its best-of-4, the val-loss
// rise of each tuned run, and its wall time against the pretrained run's.
import { parseArgs } from 'node:util';
import { builtinRegistry } from '../../components/index.js';
import { rewardOption } from '../../framework/cli/reward-option.js';
import { processIO } from '../../framework/cli/io.js';
import { readRunCheckpoint } from '../../framework/cli/run-checkpoint.js';
import { configDirOf } from '../../framework/cli/stored-config.js';
import { Rng } from '../../framework/engine/rng.js';
import { restoreModel } from '../../framework/training/checkpoint/restore-model.js';
import { generateBatch } from '../../framework/training/generate.js';
import { RunStore } from '../../framework/tracking/store.js';
import type { Reward } from '../../framework/registry/alignment.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'runs/folio.db' },
    pretrained: { type: 'string' },
    tuned: { type: 'string', default: '' },
    samples: { type: 'string', default: '256' },
    tokens: { type: 'string', default: '200' },
    reward: { type: 'string', default: 'lexicon' },
    chunk: { type: 'string', default: '64' },
  },
});
const io = processIO();
const samples = Number(values.samples);
const tokens = Number(values.tokens);

interface Sampled {
  texts: string[];
  scores: number[];
}

async function sampleRun(runId: number, reward: Reward, seed: number): Promise<Sampled> {
  const { run, checkpoint, loaded } = await readRunCheckpoint(runId, 'latest', values.store, io);
  const restored = await restoreModel(checkpoint, loaded.config, loaded.registry, configDirOf(run, io.cwd));
  try {
    const prompt = Array.from(restored.tokenizer.encode('\n'));
    const rng = new Rng(seed);
    const texts: string[] = [];
    // In chunks: one batch of all samples would hold samples × 64 × vocabulary logits per token.
    for (let done = 0; done < samples; done += Number(values.chunk)) {
      const rows = Math.min(Number(values.chunk), samples - done);
      const ids = await generateBatch(restored.model, Array.from({ length: rows }, () => prompt), { tokens, temperature: 1 }, rng);
      texts.push(...ids.map((row) => restored.tokenizer.decode(row)));
    }
    return { texts, scores: await reward.score(texts) };
  } finally {
    restored.dispose();
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const fixed = (x: number) => x.toFixed(3);

async function main(): Promise<void> {
  const store = RunStore.open(values.store);
  const { reward, name } = await rewardOption(values.reward, builtinRegistry(), store, io, 1);
  const base = Number(values.pretrained);
  const started = Date.now();
  const pretrained = await sampleRun(base, reward, 1000);
  // Best-of-4 from the same samples: groups of 4 consecutive ones, the best of each.
  const groups = Array.from({ length: Math.floor(samples / 4) }, (_, g) => Math.max(...pretrained.scores.slice(4 * g, 4 * g + 4)));
  const baseRun = store.getRun(base)!;
  const baseWall = (baseRun.endedAt ?? 0) - baseRun.startedAt;
  console.log(`reward: ${name}; ${samples} samples of ${tokens} characters at temperature 1.0 per run`);
  console.log(`pretrained run ${base}: mean ${fixed(mean(pretrained.scores))} std ${fixed(std(pretrained.scores))}, best-of-4 mean ${fixed(mean(groups))} (${groups.length} groups); wall ${(baseWall / 1000).toFixed(0)} s; val/loss ${fixed(baseRun.valLoss ?? NaN)}`);
  for (const text of pretrained.texts.slice(0, 2)) console.log(`  before: ${JSON.stringify(text.slice(0, 160))}`);
  for (const id of values.tuned.split(',').filter((s) => s !== '').map(Number)) {
    const tuned = await sampleRun(id, reward, 2000 + id);
    const run = store.getRun(id)!;
    const val = store.metricSeries(id, 'val/loss');
    const rise = val.at(-1)!.value - val[0]!.value;
    const wall = (run.endedAt ?? 0) - run.startedAt;
    const gain = (mean(tuned.scores) - mean(pretrained.scores)) / std(pretrained.scores);
    console.log(
      `tuned run ${id} (seed ${run.seed}): mean ${fixed(mean(tuned.scores))} std ${fixed(std(tuned.scores))}: +${fixed(gain)} pretrained std` +
        `, ${mean(tuned.scores) > mean(groups) ? 'beats' : 'does not beat'} best-of-4; val/loss ${fixed(val[0]!.value)} -> ${fixed(val.at(-1)!.value)} (rise ${fixed(rise)})` +
        `; wall ${(wall / 1000).toFixed(0)} s (${wall <= baseWall ? '<=' : '>'} the main job)`,
    );
    for (const text of tuned.texts.slice(0, 2)) console.log(`  after: ${JSON.stringify(text.slice(0, 160))}`);
  }
  console.log(`measured in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  reward.dispose?.();
  store.close();
}

await main();
