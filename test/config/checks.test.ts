// Components' check(params, context): cross-field mistakes found before anything is built,
// each at the file, line and column of the offending key.
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../components/index.js';
import { loadConfig, loadConfigText } from '../../framework/config/load.js';
import { configFailure, fakeRegistry, positionOf, tempProject, VALID } from './fixtures.js';

const GPT = `name: heads
dataset: { type: text-file, path: corpus.txt }
tokenizer: { type: char }
model:
  type: gpt
  n_layer: 1
  n_embd: 48
  block_size: 8
  attention:
    type: causal-self-attention
    n_head: 5
optimizer: { type: adamw, lr: 0.001 }
`;

// A model that declares its layers' dims and wants the vocabulary to fit its table, and an
// optimizer whose betas must rise: checks at a nested key, at a list item and from the tokenizer.
const CHECKED = `export default [
  {
    kind: 'tokenizer', type: 'fixed', summary: 'a fixed vocabulary',
    params: { type: 'object', properties: { size: { type: 'integer', default: 300 } } },
    create() {}, vocabSize: (params) => params.size,
  },
  {
    kind: 'optimizer', type: 'rising', summary: 'betas must rise',
    params: { type: 'object', properties: { lr: { type: 'number' }, betas: { type: 'array', items: { type: 'number' }, default: [0.9, 0.99] } } },
    create() {},
    check: (params) => (params.betas[1] <= params.betas[0] ? [{ key: 'betas[1]', message: 'must exceed betas[0]' }] : []),
  },
  {
    kind: 'model', type: 'table', summary: 'a lookup table of at most max_vocab rows',
    params: { type: 'object', properties: { max_vocab: { type: 'integer', default: 256 } } },
    create() {},
    check: (params, ctx) => (ctx.vocabSize > params.max_vocab ? [{ key: 'max_vocab', message: \`the tokenizer has \${ctx.vocabSize} tokens\` }] : []),
  },
];
`;

describe('component checks', () => {
  it("report heads that do not divide the width at the attention's n_head", async () => {
    const error = await configFailure(loadConfigText(GPT, { registry: builtinRegistry(), cwd: '/work', file: 'heads.yaml' }));
    expect(error.issues).toEqual([
      {
        file: '/work/heads.yaml',
        ...positionOf(GPT, 'n_head'),
        path: 'model.attention.n_head',
        message: "n_head 5 does not divide the model's n_embd 48 (each head gets n_embd / n_head channels)",
      },
    ]);
  });

  it("let a schedule see the optimizer's lr: a min_lr above it is refused, even when --set lowers the lr", async () => {
    const text = GPT.replace('n_head: 5', 'n_head: 4') + 'schedule: { type: warmup-cosine, min_lr: 1.0e-4 }\n';
    const registry = builtinRegistry();
    await expect(loadConfigText(text, { registry, cwd: '/work', file: 'lr.yaml' })).resolves.toBeDefined();
    const error = await configFailure(loadConfigText(text, { registry, cwd: '/work', file: 'lr.yaml', overrides: ['optimizer.lr=5e-5'] }));
    expect(error.issues).toEqual([
      {
        file: '/work/lr.yaml',
        ...positionOf(text, 'min_lr'),
        path: 'schedule.min_lr',
        message: `min_lr 0.0001 is above the optimizer's lr 0.00005: the "decay" would raise the learning rate`,
      },
    ]);
  });

  it('see the vocabulary size a tokenizer fixes, and point into lists', async () => {
    const project = tempProject();
    project.write('checked.mjs', CHECKED);
    const text = `imports: [checked.mjs]
name: t
dataset: { type: text-file, path: corpus.txt }
tokenizer: { type: fixed }
model: { type: table }
optimizer: { type: rising, lr: 0.1, betas: [0.9, 0.8] }
`;
    project.write('config.yaml', text);
    const error = await configFailure(loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.issues.map((i) => [i.path, i.line, i.col, i.message])).toEqual([
      // max_vocab is a default, not written: the position is its component's key.
      ['model.max_vocab', positionOf(text, 'model').line, 1, 'the tokenizer has 300 tokens'],
      ['optimizer.betas[1]', positionOf(text, '0.8').line, positionOf(text, '0.8').col, 'must exceed betas[0]'],
    ]);
  });

  it('run only on a config the schema accepted, and a throwing check names its file', async () => {
    const project = tempProject();
    project.write('throws.mjs', CHECKED.replace("check: (params) => (params.betas[1]", "check: (params) => (params.nope.x"));
    const text = `imports: [throws.mjs]\n${VALID.replace('type: adamw', 'type: rising')}`;
    project.write('config.yaml', text);
    const error = await configFailure(loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'optimizer' });
    expect(error.issues[0]!.message).toMatch(/^the check of optimizer "rising" \(throws\.mjs\) failed: .*undefined/);
  });
});
