// folio sample <run-id> [--checkpoint best|latest|STEP] [--prompt TEXT] [--tokens N] [--temperature T] [--top-k K] [--seed N]:
// text from a run's checkpoint, streamed as it is generated; the run's process may be long gone.
import { parseArgs } from 'node:util';
import { isSeed, MAX_SEED, Rng } from '../../engine/rng.js';
import { restoreModel } from '../../training/checkpoint/restore-model.js';
import { generate } from '../../training/generate.js';
import { positiveInteger } from '../args.js';
import { UserError, type CommandIO } from '../io.js';
import { readRunCheckpoint } from '../run-checkpoint.js';
import { configDirOf } from '../stored-config.js';

export const sampleUsage =
  'folio sample <run-id> [--checkpoint best|latest|STEP] [--prompt TEXT] [--tokens 500] [--temperature 0.8] [--top-k 40] [--seed N] [--store PATH]';

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
      store: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UserError(`expected one run id\nusage: ${sampleUsage}`);
  const runId = positiveInteger(positionals[0]!, 'the run id', sampleUsage);
  const tokens = wholeNumber(values.tokens, '--tokens');
  const topK = wholeNumber(values['top-k'], '--top-k');
  const seedFlag = values.seed === undefined ? undefined : seedArgument(values.seed);
  const temperature = Number(values.temperature);
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new UserError(`--temperature must be a number >= 0 (0: greedy), got "${values.temperature}"\nusage: ${sampleUsage}`);

  const { run, checkpoint, loaded } = await readRunCheckpoint(runId, values.checkpoint, values.store, io);
  const restored = await restoreModel(checkpoint, loaded.config, loaded.registry, configDirOf(run, io.cwd));
  try {
    const { tokenizer } = restored.parts;
    const prompt = values.prompt ?? loaded.config.sample.prompt;
    const promptIds = Array.from(tokenizer.encode(prompt));
    io.stdout.write(prompt);
    const seed = seedFlag ?? loaded.config.seed;
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

function wholeNumber(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UserError(`${flag} must be a whole number, got "${text}"\nusage: ${sampleUsage}`);
  return Number(text);
}

/** --seed: checked before anything is read or printed; a seed past 32 bits would wrap into another. */
function seedArgument(text: string): number {
  const seed = wholeNumber(text, '--seed');
  if (!isSeed(seed)) throw new UserError(`--seed must be 0 to ${MAX_SEED} (the generator has 32 bits), got ${text}\nusage: ${sampleUsage}`);
  return seed;
}
