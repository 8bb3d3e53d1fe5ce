// folio sample <run-id> [--checkpoint best|latest|STEP] [--prompt TEXT] [--tokens N] [--temperature T] [--top-k K] [--seed N]
// [--best-of N --reward TYPE|CONFIG]: text from a run's checkpoint, streamed as it is generated; the
// run's process may be long gone. With --best-of, N samples are drawn and the one the reward scores
// highest is printed: the baseline every preference-tuned model is compared against.
import { builtinRegistry } from '../../../components/index.js';
import { MAX_SEED, Rng } from '../../engine/rng.js';
import { NO_RUNS, StoreReader } from '../../tracking/store-reader.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { restoreModel } from '../../training/checkpoint/restore-model.js';
import { generate, generateBatch } from '../../training/generate.js';
import { expectPositionals, idArgument, mistake, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { STORE_OPTION } from '../common-options.js';
import type { CommandIO } from '../io.js';
import { readRunCheckpoint } from '../run-checkpoint.js';
import { rewardOption } from '../reward-option.js';
import { configDirOf } from '../stored-config.js';

export const sampleDeclaration = {
  name: 'sample',
  summary: "generate text from a run's checkpoint, streamed; the same seed gives the same text",
  positionals: [{ name: '<run-id>', complete: 'run-ids' }],
  options: {
    checkpoint: { kind: 'string', value: 'best|latest|STEP', default: 'best', help: 'which checkpoint: the best val loss, the newest, or the one at a step' },
    prompt: { kind: 'string', value: 'TEXT', help: "the text to continue (default: the config's sample.prompt)" },
    tokens: { kind: 'positive-integer', default: 500, help: 'how many tokens to generate' },
    temperature: { kind: 'number', min: 0, default: 0.8, help: 'sampling temperature; 0 always takes the likeliest token' },
    'top-k': { kind: 'positive-integer', value: 'K', help: 'sample among the K likeliest tokens only (default: all of them)' },
    seed: { kind: 'count', max: MAX_SEED, help: "the sampler's seed, 0 to 2^32-1 (default: the run's seed)" },
    'best-of': { kind: 'positive-integer', default: 1, help: 'draw N samples and print the one --reward scores highest' },
    reward: { kind: 'string', value: 'TYPE|CONFIG', help: 'what scores the samples: a reward type (lexicon, regex) or a config with a reward:' },
    ...STORE_OPTION,
  },
} as const satisfies CommandDeclaration;

export const sampleUsage = usageLine(sampleDeclaration);

export async function sampleCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(sampleDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(sampleDeclaration, positionals, 1, 'one run id');
  const runId = idArgument(sampleDeclaration, positionals[0]!, 'the run id');
  const { tokens, temperature } = values;
  const topK = values['top-k'] ?? 0; // 0: no cut
  const bestOf = values['best-of'];
  if (bestOf > 1 && values.reward === undefined) throw mistake(sampleDeclaration, `--best-of ${bestOf} needs --reward (a reward type such as lexicon, or a config with a reward:)`);

  const { run, checkpoint, loaded } = await readRunCheckpoint(runId, values.checkpoint, values.store, io);
  const restored = await restoreModel(checkpoint, loaded.config, loaded.registry, configDirOf(run, io.cwd));
  try {
    const { tokenizer } = restored;
    const prompt = values.prompt ?? loaded.config.sample.prompt;
    const promptIds = Array.from(tokenizer.encode(prompt));
    io.stdout.write(prompt);
    const seed = values.seed ?? loaded.config.seed;
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
  const store = StoreReader.open(resolveStorePath(storeFlag, io));
  try {
    const { reward, name } = await rewardOption(rewardValue, builtinRegistry(), store ?? NO_RUNS, io, seed);
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
    store?.close();
  }
}

const format = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(3));
