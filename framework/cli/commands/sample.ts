// folio sample <run-id> [--checkpoint best|latest|STEP] [--prompt TEXT] [--tokens N] [--temperature T] [--top-k K] [--seed N]:
// text from a run's checkpoint, streamed as it is generated; the run's process may be long gone.
import { MAX_SEED, Rng } from '../../engine/rng.js';
import { restoreModel } from '../../training/checkpoint/restore-model.js';
import { generate } from '../../training/generate.js';
import { expectPositionals, idArgument, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import type { CommandIO } from '../io.js';
import { readRunCheckpoint } from '../run-checkpoint.js';
import { configDirOf } from '../stored-config.js';
import { STORE_OPTION } from '../common-options.js';

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

  const { run, checkpoint, loaded } = await readRunCheckpoint(runId, values.checkpoint, values.store, io);
  const restored = await restoreModel(checkpoint, loaded.config, loaded.registry, configDirOf(run, io.cwd));
  try {
    const { tokenizer } = restored.parts;
    const prompt = values.prompt ?? loaded.config.sample.prompt;
    const promptIds = Array.from(tokenizer.encode(prompt));
    io.stdout.write(prompt);
    const seed = values.seed ?? loaded.config.seed;
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
