// The JSON Schema of a whole run config: the fixed top level plus one definition per component kind.
import { MAX_SEED } from '../engine/rng.js';
import type { JsonSchema } from '../registry/define.js';
import type { Registry } from '../registry/registry.js';

function component(kind: string, description: string, extra: JsonSchema = {}): JsonSchema {
  return { $ref: `#/$defs/${kind}`, description, ...extra };
}

/**
 * The schema `loadConfig` validates against and `folio schema` prints for editors.
 * `$defs` holds `registry.kindSchemas()`: component params refer to other kinds with
 * `{ $ref: '#/$defs/<kind>' }`, and each kind picks its params schema by `type:`.
 */
export function buildConfigSchema(registry: Registry): JsonSchema {
  const backends = registry.types('backend');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Folio run config',
    description: 'One experiment: which data, tokenizer, model and optimizer to use, and how to train and sample.',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'dataset', 'tokenizer', 'model', 'optimizer'],
    properties: {
      name: { type: 'string', minLength: 1, description: 'name of the experiment, shown in the run list' },
      extends: {
        type: 'string',
        minLength: 1,
        description: 'a parent config file (relative to this one) whose settings this file refines',
      },
      seed: { type: 'integer', minimum: 0, maximum: MAX_SEED, default: 1337, description: `seed of every random number in the run, 0 to ${MAX_SEED}` },
      backend: {
        type: 'string',
        ...(backends.length > 0 ? { enum: backends } : {}),
        default: 'auto',
        description: `the TensorFlow.js backend to run on${backends.length > 0 ? `: one of ${backends.join(', ')}` : ''}`,
      },
      imports: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description: 'component files (.ts, .mts, .js or .mjs; relative to the config file) whose default export is a component definition or a list of them',
      },
      dataset: component('dataset', 'where the training text comes from'),
      tokenizer: component('tokenizer', 'how text becomes token ids'),
      model: component('model', 'the language model to train'),
      optimizer: component('optimizer', 'how gradients update the parameters (its lr is the peak learning rate)'),
      schedule: component('schedule', 'the learning rate over the run', { default: { type: 'constant' } }),
      train: {
        type: 'object',
        additionalProperties: false,
        default: {},
        description: 'the training loop',
        properties: {
          batch_size: { type: 'integer', minimum: 1, default: 12, description: 'sequences per step' },
          max_iters: { type: 'integer', minimum: 1, default: 2000, description: 'number of training steps' },
          max_minutes: {
            type: 'number',
            exclusiveMinimum: 0,
            description:
              'also stop after this many minutes of training (evaluations included; the last evaluation runs after it); the schedule then follows the clock, so its decay ends with the time',
          },
          eval_interval: {
            type: 'integer',
            minimum: 0,
            default: 250,
            description: 'evaluate every this many steps (and at the last step); 0 evaluates only at the end',
          },
          eval_iters: { type: 'integer', minimum: 1, default: 20, description: 'batches averaged per evaluation' },
          grad_clip: {
            type: 'number',
            minimum: 0,
            default: 1.0,
            description: 'clip gradients to this global norm; 0 disables clipping',
          },
          log_interval: { type: 'integer', minimum: 1, default: 10, description: 'record the training loss every this many steps' },
        },
      },
      checkpoint: {
        type: 'object',
        additionalProperties: false,
        default: {},
        description: 'when the run writes checkpoints (runs/<id>/step-N.safetensors) to resume, sample, export and fine-tune from',
        properties: {
          every: { type: 'integer', minimum: 1, description: 'write one every this many steps; without it, at each evaluation (and always at the end)' },
          keep: { type: 'integer', minimum: 1, default: 1, description: 'how many of the newest checkpoints to keep' },
          best: { type: 'boolean', default: true, description: 'also keep the one with the lowest val loss, as best.safetensors' },
        },
      },
      init_from: {
        type: 'object',
        additionalProperties: false,
        description: 'start from the weights of an earlier run or of a checkpoint file (fine-tuning) instead of random ones',
        // Exactly one source; `properties` repeated so that ajv's strict mode sees each required key defined.
        oneOf: [
          { properties: { run: true }, required: ['run'] },
          { properties: { path: true }, required: ['path'] },
        ],
        properties: {
          run: {
            anyOf: [{ type: 'integer', minimum: 1 }, { const: 'newest' }],
            description: 'the run (in the same store) whose checkpoint to start from, or newest: the newest completed run called `name`',
          },
          name: { type: 'string', minLength: 1, description: 'with run: newest, the name of the runs to choose from (a config\'s name:)' },
          path: { type: 'string', minLength: 1, description: 'a .safetensors checkpoint (Folio or `folio export`), relative to this config' },
          checkpoint: {
            anyOf: [{ type: 'string', enum: ['best', 'latest'] }, { type: 'integer', minimum: 0 }],
            default: 'best',
            description: "which of the run's checkpoints: best, latest or a step",
          },
          unknown_characters: {
            type: 'string',
            enum: ['error', 'drop'],
            default: 'error',
            description: "text the pretrained tokenizer cannot encode: stop with an error naming it, or drop it from the dataset",
          },
        },
      },
      objective: component('objective', 'what the trainer minimises; absent: next-token prediction, as in pretraining'),
      reward: component('reward', 'scores a text: self-play ranks samples by it and every evaluation reports reward/mean'),
      preferences: component('preferences', 'where preference pairs come from (for the dpo and reward-model objectives)'),
      sample: {
        type: 'object',
        additionalProperties: false,
        default: {},
        description: 'text generated from the model while it trains',
        properties: {
          every: { type: 'integer', minimum: 0, default: 0, description: 'generate a sample every this many steps; 0 = only at evaluations' },
          tokens: { type: 'integer', minimum: 0, default: 200, description: 'tokens per sample' },
          temperature: { type: 'number', exclusiveMinimum: 0, default: 1.0, description: 'divides the logits; lower is more conservative' },
          top_k: { type: 'integer', minimum: 0, default: 0, description: 'keep only the k most likely tokens; 0 disables' },
          prompt: { type: 'string', default: '\n', description: 'text the samples start from' },
        },
      },
    },
    $defs: registry.kindSchemas(),
  };
}
