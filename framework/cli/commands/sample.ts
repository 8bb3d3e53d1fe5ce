// folio sample <run-id> [--checkpoint best|latest|STEP] [--prompt TEXT] [--tokens N] [--temperature T] [--top-k K] [--seed N]
// [--best-of N --reward TYPE|CONFIG]: text from a run's checkpoint, streamed as it is generated; the
// run's process may be long gone. With --best-of, N samples are drawn and the one the reward scores
// highest is printed: the baseline every preference-tuned model is compared against.
import { parseArgs } from 'node:util';
import { Rng } from '../../engine/rng.js';
import { restoreModel } from '../../training/checkpoint/restore-model.js';
import { builtinRegistry } from '../../../components/index.js';
import { RunStore } from '../../tracking/store.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { generate, generateBatch } from '../../training/generate.js';
import { rewardOption } from '../reward-option.js';
import { positiveInteger } from '../args.js';
import { UserError, type CommandIO } from '../io.js';
import { readRunCheckpoint } from '../run-checkpoint.js';
import { configDirOf } from '../stored-config.js';

export const sampleUsage =
  'folio sample <run-id> [--checkpoint best|latest|STEP] [--prompt TEXT] [--tokens 500] [--temperature 0.8] [--top-k 40] [--seed N] [--best-of N --reward TYPE|CONFIG] [--store PATH]';

export async function sampleCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      checkpoint: { type: 'string', default: 'best' },
      prompt: { type: 'string' },
      tokens: { type: 'string', default: '500' },
      temperature: { type: 'string', default: '0.8' },
      'top-k': { type: 'string', default: '0' },
      seed: { type: 'string' },
      'best-of': { type: 'string', default: '1' },
      reward: { type: 'string' },
      store: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UserError(`expected one run id\nusage: ${sampleUsage}`);
  const runId = positiveInteger(positionals[0]!, 'the run id', sampleUsage);
  const tokens = wholeNumber(values.tokens, '--tokens');
  const topK = wholeNumber(values['top-k'], '--top-k');
  const temperature = Number(values.temperature);
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new UserError(`--temperature must be a number >= 0 (0: greedy), got "${values.temperature}"\nusage: ${sampleUsage}`);

  const bestOf = positiveInteger(values['best-of'], '--best-of', sampleUsage);
  if (bestOf > 1 && values.reward === undefined) throw new UserError(`--best-of ${bestOf} needs --reward (a reward type such as lexicon, or a config with a reward:)\nusage: ${sampleUsage}`);

  const { run, checkpoint, loaded } = await readRunCheckpoint(runId, values.checkpoint, values.store, io);
  const restored = await restoreModel(checkpoint, loaded.config, loaded.registry, configDirOf(run, io.cwd));
  try {
    const { tokenizer } = restored.parts;
    const prompt = values.prompt ?? loaded.config.sample.prompt;
    const promptIds = Array.from(tokenizer.encode(prompt));
    io.stdout.write(prompt);
    const seed = values.seed === undefined ? loaded.config.seed : wholeNumber(values.seed, '--seed');
    if (values.reward !== undefined) {
      const start = promptIds.length > 0 ? promptIds : [0];
      const samples = await generateBatch(restored.model, Array.from({ length: bestOf }, () => start), { tokens, temperature, topK }, new Rng(seed));
      await writeBest(samples.map((ids) => tokenizer.decode(ids)), values.reward, values.store, seed, io);
      return 0;
    }
    await generate(
      restored.model,
      promptIds.length > 0 ? promptIds : [0],
      { tokens, temperature, topK, onToken: (id) => io.stdout.write(tokenizer.decode([id])) },
      new Rng(seed),
    );
    io.stdout.write('\n');
  } finally {
    restored.dispose();
  }
  return 0;
}

/** Scores the samples and prints the best, then a line with its score among the others'. */
async function writeBest(texts: string[], rewardValue: string, storeFlag: string | undefined, seed: number, io: CommandIO): Promise<void> {
  const store = RunStore.open(resolveStorePath(storeFlag, io));
  try {
    const { reward, name } = await rewardOption(rewardValue, builtinRegistry(), store, io, seed);
    try {
      const scores = await reward.score(texts);
      const best = scores.reduce((b, s, i) => (s > scores[b]! ? i : b), 0);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      io.stdout.write(`${texts[best]}\n\n`);
      io.stdout.write(`best of ${texts.length} by ${name}: ${format(scores[best]!)} (mean ${format(mean)}, lowest ${format(Math.min(...scores))})\n`);
    } finally {
      reward.dispose?.();
    }
  } finally {
    store.close();
  }
}

const format = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(3));

function wholeNumber(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UserError(`${flag} must be a whole number, got "${text}"\nusage: ${sampleUsage}`);
  return Number(text);
}
