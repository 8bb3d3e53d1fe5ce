// A small registry of fake components and temp-dir helpers for the config tests.
import { ConfigError } from '../../framework/config/load.js';
import { componentRef, defineComponent } from '../../framework/registry/define.js';
import { Registry } from '../../framework/registry/registry.js';
import { workspace, writeFile } from '../helpers/temp.js';

const unbuilt = (): never => {
  throw new Error('config tests never build components');
};

export const fakeComponents = [
  defineComponent({ kind: 'tokenizer', type: 'char', summary: 'one token per character', params: { type: 'object', properties: {} }, create: unbuilt }),
  defineComponent({
    kind: 'dataset',
    type: 'text-file',
    summary: 'a local text file',
    params: {
      type: 'object',
      required: ['path'],
      properties: {
        path: { type: 'string', minLength: 1 },
        val_fraction: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.1 },
      },
    },
    create: unbuilt,
  }),
  defineComponent({
    kind: 'model',
    type: 'gpt',
    summary: 'a transformer',
    params: {
      type: 'object',
      required: ['n_layer', 'attention'],
      properties: {
        n_layer: { type: 'integer', minimum: 1 },
        n_embd: { type: 'integer', minimum: 1, default: 32 },
        attention: componentRef('attention'),
      },
    },
    create: unbuilt,
  }),
  defineComponent({ kind: 'model', type: 'bigram', summary: 'a lookup table', params: { type: 'object', properties: {} }, create: unbuilt }),
  defineComponent({
    kind: 'attention',
    type: 'causal-self-attention',
    summary: 'masked multi-head attention',
    params: {
      type: 'object',
      required: ['n_head'],
      properties: {
        n_head: { type: 'integer', minimum: 1 },
        dropout: { type: 'number', minimum: 0, maximum: 1, default: 0 },
      },
    },
    create: unbuilt,
  }),
  defineComponent({
    kind: 'attention',
    type: 'linear-attention',
    summary: 'kernelised attention',
    params: { type: 'object', properties: { feature_dim: { type: 'integer', minimum: 1, default: 16 } } },
    create: unbuilt,
  }),
  defineComponent({
    kind: 'optimizer',
    type: 'adamw',
    summary: 'Adam with decoupled weight decay',
    params: {
      type: 'object',
      required: ['lr'],
      properties: {
        lr: { type: 'number', exclusiveMinimum: 0 },
        betas: { type: 'array', items: { type: 'number', minimum: 0, exclusiveMaximum: 1 }, minItems: 2, maxItems: 2, default: [0.9, 0.999] },
        weight_decay: { type: 'number', minimum: 0, default: 0.1 },
      },
    },
    create: unbuilt,
  }),
  defineComponent({
    kind: 'optimizer',
    type: 'sgd',
    summary: 'plain gradient descent',
    params: {
      type: 'object',
      required: ['lr'],
      properties: { lr: { type: 'number', exclusiveMinimum: 0 }, momentum: { type: 'number', minimum: 0, default: 0 } },
    },
    create: unbuilt,
  }),
  defineComponent({ kind: 'schedule', type: 'constant', summary: 'the same lr throughout', params: { type: 'object', properties: {} }, create: unbuilt }),
  defineComponent({
    kind: 'schedule',
    type: 'warmup-cosine',
    summary: 'linear warmup, cosine decay',
    params: { type: 'object', properties: { warmup_iters: { type: 'integer', minimum: 0, default: 100 } } },
    create: unbuilt,
  }),
  defineComponent({ kind: 'backend', type: 'auto', summary: 'the fastest available', params: { type: 'object', properties: {} }, create: unbuilt }),
  defineComponent({ kind: 'backend', type: 'cpu', summary: 'plain JavaScript', params: { type: 'object', properties: {} }, create: unbuilt }),
];

export function fakeRegistry(): Registry {
  return new Registry().register(...fakeComponents);
}

/** A fresh temp dir; `write` puts a file in it (creating folders) and returns its absolute path. */
export function tempProject(): { dir: string; write(name: string, text: string): string } {
  const dir = workspace();
  return { dir, write: (name, text) => writeFile(dir, name, text) };
}

/** 1-based line and column of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
export function positionOf(text: string, needle: string, occurrence = 0): { line: number; col: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" not found in fixture`);
  }
  const before = text.slice(0, index).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/** A complete, valid config in the fake registry's terms. */
export const VALID = `name: tiny
dataset:
  type: text-file
  path: input.txt
tokenizer:
  type: char
model:
  type: gpt
  n_layer: 2
  attention:
    type: causal-self-attention
    n_head: 4
optimizer:
  type: adamw
  lr: 0.001
`;

/** The ConfigError that `promise` rejects with; fails the test if it resolves or throws anything else. */
export async function configFailure(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
