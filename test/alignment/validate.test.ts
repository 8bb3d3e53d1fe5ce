// folio validate on alignment configs: each mistake at its file:line:col, exit 2, before anything runs.
import { describe, expect, it } from 'vitest';
import { folio, tinyCorpus, workspace } from '../helpers/cli.js';

const BASE = `name: tiny-dpo
backend: wasm
dataset: { type: text-file, path: corpus.txt }
tokenizer: { type: char }
model: { type: gpt, n_layer: 1, n_embd: 16, block_size: 16, attention: { type: causal-self-attention, n_head: 2 } }
optimizer: { type: adamw, lr: 1.0e-3 }
`;

describe('folio validate, alignment configs', () => {
  it('names a DPO config without init_from, a reward file and a pairs file that do not exist', async () => {
    const dir = workspace({
      'corpus.txt': tinyCorpus(),
      'dpo.yaml': `${BASE}objective: { type: dpo, beta: 0.1 }\nreward: { type: lexicon, file: words.txt }\npreferences: { type: jsonl, file: pairs.jsonl }\n`,
    });
    const result = await folio(['validate', 'dpo.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'folio: dpo.yaml:7:1: objective: dpo needs init_from: the reference it compares the policy with is the model the run starts from\n' +
        `dpo.yaml:8:26: reward.file: no such file: ${dir}/words.txt\n` +
        `dpo.yaml:9:29: preferences.file: no such file: ${dir}/pairs.jsonl\n`,
    );
  });

  it('names self-play without a reward, and a regex that does not compile', async () => {
    const dir = workspace({
      'corpus.txt': tinyCorpus(),
      'a.yaml': `${BASE}init_from: { run: newest, name: tiny }\nobjective: { type: dpo }\npreferences: { type: self-play }\n`,
      'b.yaml': `${BASE}reward: { type: regex, pattern: "(o" }\n`,
    });
    const a = await folio(['validate', 'a.yaml'], { cwd: dir });
    expect(a.stderr).toBe('folio: a.yaml:9:1: preferences: self-play needs reward: to rank its samples (e.g. reward: { type: lexicon })\n');
    const b = await folio(['validate', 'b.yaml'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^folio: b\.yaml:7:24: reward\.pattern: not a valid regular expression: /);
  });

  it('stops a run on a bad pairs line with the file and line, recording nothing', async () => {
    const dir = workspace({
      'corpus.txt': tinyCorpus(),
      'pairs.jsonl': '{"prompt": "to", "chosen": " be", "rejected": " or"}\n{"prompt": "to", "chosen": " be"}\n',
      'rm.yaml': `${BASE}objective: { type: reward-model }\npreferences: { type: jsonl, file: pairs.jsonl }\ntrain: { max_iters: 2 }\n`,
    });
    const result = await folio(['run', 'rm.yaml', '--plain'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pairs\.jsonl:2: "rejected" must be a string \(it is missing\)\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
