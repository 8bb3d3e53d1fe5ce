// Preference pairs from a file: one JSON object per line, {"prompt": ..., "chosen": ..., "rejected": ...}.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ComponentInputError,
  defineComponent,
  type CheckProblem,
  type PreferencePair,
  type PreferenceSource,
  type Tokenizer,
} from '../../framework/registry/index.js';

interface JsonlParams {
  file: string;
  batch_size: number;
  held_out: number;
}

export default defineComponent({
  kind: 'preferences',
  type: 'jsonl',
  summary: 'pairs from a file: one {"prompt", "chosen", "rejected"} object per line; each step draws batch_size of them',
  params: {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', minLength: 1, description: 'the .jsonl file, relative to the config' },
      batch_size: { type: 'integer', minimum: 1, default: 8, description: 'pairs per training step (drawn at random)' },
      held_out: { type: 'number', minimum: 0, maximum: 0.5, default: 0, description: 'fraction of the lines (from the end) kept out of training to evaluate on' },
    },
  },
  check: (params: JsonlParams, ctx): CheckProblem[] => {
    if (ctx.configDir === undefined) return [];
    const path = resolve(ctx.configDir, params.file);
    return existsSync(path) ? [] : [{ key: 'file', message: `no such file: ${path}` }];
  },
  create: (params: JsonlParams, ctx): PreferenceSource => {
    const pairs = readPairs(resolve(ctx.configDir, params.file), params.file, ctx.tokenizer);
    const trainCount = pairs.length - Math.floor(pairs.length * params.held_out);
    if (trainCount === 0) throw new ComponentInputError(`${params.file}: no pairs left to train on after held_out: ${params.held_out}`);
    const training = pairs.slice(0, trainCount);
    const heldOut = pairs.slice(trainCount);
    return {
      // Drawn from the run's component generator, which checkpoints store: a resumed run draws the same.
      next: async () => Array.from({ length: params.batch_size }, () => training[ctx.rng.int(training.length)]!),
      heldOut: () => heldOut,
    };
  },
});

/** Every line a pair, or an error naming the file, the line and what is wrong with it. */
export function readPairs(path: string, shown: string, tokenizer: Tokenizer): PreferencePair[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ComponentInputError(`cannot read the preferences file ${shown}: ${(error as Error).message}`);
  }
  const pairs: PreferencePair[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const at = (message: string) => new ComponentInputError(`${shown}:${line}: ${message}`);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw at(`not JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw at('expected an object {"prompt": ..., "chosen": ..., "rejected": ...}');
    const record = value as Record<string, unknown>;
    for (const key of ['prompt', 'chosen', 'rejected']) {
      if (typeof record[key] !== 'string') throw at(`"${key}" must be a string${record[key] === undefined ? ' (it is missing)' : ''}`);
    }
    const extra = Object.keys(record).find((key) => !['prompt', 'chosen', 'rejected'].includes(key));
    if (extra !== undefined) throw at(`unknown key "${extra}"; a pair has prompt, chosen and rejected`);
    if (record.chosen === '' || record.rejected === '') throw at('chosen and rejected must not be empty');
    const encode = (key: string) => {
      try {
        return Array.from(tokenizer.encode(record[key] as string));
      } catch (error) {
        throw at(`"${key}": ${(error as Error).message}`);
      }
    };
    pairs.push({ prompt: encode('prompt'), chosen: encode('chosen'), rejected: encode('rejected'), key: `line ${line}` });
  });
  if (pairs.length === 0) throw new ComponentInputError(`${shown}: holds no pairs`);
  return pairs;
}
