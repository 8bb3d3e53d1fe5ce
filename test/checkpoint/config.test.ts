// The checkpoint: and init_from: settings, as a config file states them.
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../components/index.js';
import { ConfigError, formatConfigError, loadConfigText } from '../../framework/config/load.js';
import { workspace } from '../helpers/temp.js';

const BASE = `name: c
dataset: { type: text-file, path: corpus.txt }
tokenizer: { type: char }
model: { type: bigram }
optimizer: { type: adamw, lr: 1.0e-2 }
`;

async function load(text: string) {
  const cwd = workspace();
  return loadConfigText(text, { registry: builtinRegistry(), cwd, file: 'c.yaml' });
}

async function mistakes(text: string): Promise<string> {
  const error = await load(text).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return formatConfigError(error as ConfigError, workspace());
}

describe('checkpoint and init_from settings', () => {
  it('default to a checkpoint at each evaluation, the newest kept, plus the best; no init_from', async () => {
    const { config } = await load(BASE);
    expect(config.checkpoint).toEqual({ keep: 1, best: true });
    expect(config.init_from).toBeUndefined();
    const tuned = await load(`${BASE}init_from: { run: 3 }\ncheckpoint: { every: 100, keep: 3 }\n`);
    expect(tuned.config.init_from).toEqual({ run: 3, checkpoint: 'best', unknown_characters: 'error' });
    expect(tuned.config.checkpoint).toEqual({ every: 100, keep: 3, best: true });
  });

  it('point at the line and column of a mistake', async () => {
    expect(await mistakes(`${BASE}init_from: { run: 3, path: model.safetensors }\n`)).toContain('c.yaml:6:12: init_from: give exactly one of run, path');
    expect(await mistakes(`${BASE}init_from: { run: 3, checkpoint: worst }\n`)).toContain('c.yaml:6:34: init_from.checkpoint: expected one of "best", "latest", got "worst"');
    expect(await mistakes(`${BASE}checkpoint: { keep: 0 }\n`)).toMatch(/c\.yaml:6:21: checkpoint\.keep: expected integer >= 1, got 0/);
  });
});
