// The JSON Schema of a sweep file (experiments/*.yaml), and its ajv compilation in the shape the
// config validator reports from, so sweep-file mistakes read like config mistakes (file:line:col).
import { Ajv } from 'ajv';
import { MAX_SEED } from '../engine/rng.js';
import type { JsonSchema } from '../registry/define.js';
import type { CompiledConfigSchema } from '../config/validate.js';

export const DISTRIBUTIONS = ['uniform', 'log-uniform', 'int-uniform', 'choice'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export const EARLY_STOP_SETTINGS = {
  median: { warmup_steps: 'steps before any trial is judged', min_trials: 'finished trials needed before a median means anything' },
  asha: { min_steps: 'the first rung', reduction_factor: 'how many trials compete for each place at the next rung' },
} as const;

const stepCount = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });

export const SWEEP_FILE_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Folio sweep file',
  type: 'object',
  additionalProperties: false,
  required: ['base', 'parameters'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'name of the sweep; default: the file name' },
    base: { type: 'string', minLength: 1, description: 'the config every trial starts from, relative to this file' },
    metric: { type: 'string', minLength: 1, default: 'val/loss', description: 'the metric key each trial is ranked by' },
    goal: { type: 'string', enum: ['minimize', 'maximize'], default: 'minimize' },
    method: { type: 'string', enum: ['grid', 'random', 'tpe'], default: 'grid' },
    trials: { type: 'integer', minimum: 1, description: 'points to try (random and tpe)' },
    parallel: { type: 'integer', minimum: 1, default: 1, description: 'trials running at the same time' },
    seeds: {
      type: 'array',
      items: { type: 'integer', minimum: 0, maximum: MAX_SEED },
      minItems: 1,
      uniqueItems: true,
      description: 'each point runs once per seed and is ranked by the mean',
    },
    sampler_seed: { type: 'integer', minimum: 0, maximum: MAX_SEED, default: 0, description: 'seed of random and tpe' },
    // One flat mapping for both pruners: which keys fit which `type` is checked in spec.ts, where
    // the message can say "min_steps is an asha setting" instead of ajv's oneOf noise.
    early_stop: {
      // `early_stop: median` (a name alone) means the pruner with its default settings; which
      // names exist is checked in spec.ts, where the message can list them.
      type: ['object', 'string'],
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { type: 'string', enum: Object.keys(EARLY_STOP_SETTINGS) },
        warmup_steps: stepCount(EARLY_STOP_SETTINGS.median.warmup_steps),
        min_trials: { type: 'integer', minimum: 1, description: EARLY_STOP_SETTINGS.median.min_trials },
        min_steps: { type: 'integer', minimum: 1, description: EARLY_STOP_SETTINGS.asha.min_steps },
        reduction_factor: { type: 'integer', minimum: 2, description: EARLY_STOP_SETTINGS.asha.reduction_factor },
      },
    },
    parameters: {
      type: 'object',
      minProperties: 1,
      description: 'config paths (optimizer.lr, model.n_layer) and the values each may take',
      // A list of values, or a distribution mapping; the keywords below each apply to one of the
      // two types only, so a list never meets `required` and a mapping never meets `minItems`.
      additionalProperties: {
        type: ['array', 'object'],
        additionalProperties: false,
        required: ['distribution'],
        properties: {
          distribution: { type: 'string', enum: [...DISTRIBUTIONS] },
          min: { type: 'number' },
          max: { type: 'number' },
          values: { type: 'array' },
        },
      },
    },
  },
};

let compiled: CompiledConfigSchema | undefined;

/** The sweep file schema, compiled once, with no component kinds (it names none). */
export function compiledSweepSchema(): CompiledConfigSchema {
  if (compiled !== undefined) return compiled;
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true });
  compiled = {
    schema: SWEEP_FILE_SCHEMA,
    validate: ajv.compile(SWEEP_FILE_SCHEMA),
    kinds: new Map(),
    typeProperties: new Map(),
    registered: () => [],
  };
  return compiled;
}
