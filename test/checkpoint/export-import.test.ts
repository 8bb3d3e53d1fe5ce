// folio export writes nanoGPT's tensor names and layouts; folio import makes a run of them, bit for bit.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../framework/training/checkpoint/safetensors.js';
import { folio, tinyCorpus } from '../helpers/cli.js';
import { RESUMABLE_CONFIG, runCount, storedRun } from './fixtures.js';
import { workspaceForSuite } from './suite-workspace.js';

const C = 16; // n_embd of the tiny config
const V = 16; // distinct characters of tinyCorpus()

/** nanoGPT's GPT(n_layer=1, n_embd=16, block_size=16, bias=True) state_dict, plus Folio's untied head and its bias. */
const NANOGPT_SHAPES: Record<string, number[]> = {
  'transformer.wte.weight': [V, C],
  'transformer.wpe.weight': [16, C],
  'transformer.h.0.ln_1.weight': [C],
  'transformer.h.0.ln_1.bias': [C],
  'transformer.h.0.attn.c_attn.weight': [3 * C, C],
  'transformer.h.0.attn.c_attn.bias': [3 * C],
  'transformer.h.0.attn.c_proj.weight': [C, C],
  'transformer.h.0.attn.c_proj.bias': [C],
  'transformer.h.0.ln_2.weight': [C],
  'transformer.h.0.ln_2.bias': [C],
  'transformer.h.0.mlp.c_fc.weight': [4 * C, C],
  'transformer.h.0.mlp.c_fc.bias': [4 * C],
  'transformer.h.0.mlp.c_proj.weight': [C, 4 * C],
  'transformer.h.0.mlp.c_proj.bias': [C],
  'transformer.ln_f.weight': [C],
  'transformer.ln_f.bias': [C],
  'lm_head.weight': [V, C],
  'lm_head.bias': [V],
};

describe('folio export and import', () => {
  const dir = workspaceForSuite({ 'tiny.yaml': RESUMABLE_CONFIG, 'corpus.txt': tinyCorpus() });

  it("writes nanoGPT's names and shapes, linear weights transposed to torch's (out, in), and a sidecar", async () => {
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);
    const exported = await folio(['export', '1', '--checkpoint', 'best', '--format', 'safetensors', '-o', 'model.safetensors'], { cwd: dir });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);

    const file = decodeSafetensors(readFileSync(join(dir, 'model.safetensors')));
    expect(Object.fromEntries([...file.tensors].map(([name, t]) => [name, t.shape]))).toEqual(NANOGPT_SHAPES);
    expect([...file.tensors.keys()]).toEqual(Object.keys(NANOGPT_SHAPES)); // in nanoGPT's state_dict order
    expect(file.metadata.format).toBe('pt');

    const best = storedRun(dir, 1).run.artifacts.find((a) => a.kind === 'checkpoint-best')!;
    const folioWeights = decodeSafetensors(readFileSync(best.path)).tensors;
    const ours = folioWeights.get('model.h.0.attn.c_attn.weight')!; // (C, 3C): x @ W
    const theirs = file.tensors.get('transformer.h.0.attn.c_attn.weight')!; // (3C, C): x @ W.T
    for (const [row, col] of [[0, 0], [3, 40], [15, 47]] as const) expect(theirs.data[col * C + row]).toBe(ours.data[row * 3 * C + col]);

    const sidecar = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(sidecar.gpt_config).toEqual({ block_size: 16, vocab_size: V, n_layer: 1, n_head: 2, n_embd: C, dropout: 0.1, bias: true });
    expect(Object.keys(sidecar.tokenizer.stoi)).toHaveLength(V);
  });

  it('imports the export as a run whose weights are the original bit for bit, and samples the same text', async () => {
    const imported = await folio(['import', 'model.safetensors'], { cwd: dir });
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^run 2: tiny-e2e from model.safetensors \(step 20\)/);
    expect(storedRun(dir, 2).run.status).toBe('completed');

    const reexported = await folio(['export', '2', '-o', 'again.safetensors'], { cwd: dir });
    expect(reexported.code).toBe(0);
    expect(readFileSync(join(dir, 'again.safetensors')).equals(readFileSync(join(dir, 'model.safetensors')))).toBe(true);

    const [original, copy] = await Promise.all(['1', '2'].map((id) => folio(['sample', id, '--seed', '4', '--tokens', '40'], { cwd: dir })));
    expect(copy.stdout).toBe(original.stdout);
  });

  it('refuses a truncated export with its name, and a sidecar that is missing, before recording anything', async () => {
    const bytes = readFileSync(join(dir, 'model.safetensors'));
    writeFileSync(join(dir, 'cut.safetensors'), bytes.subarray(0, bytes.length - 100));
    copyFileSync(join(dir, 'model.json'), join(dir, 'cut.json'));
    const [cut, alone] = await Promise.all([
      folio(['import', 'cut.safetensors'], { cwd: dir }),
      folio(['import', 'model.safetensors', '--meta', 'nothing.json'], { cwd: dir }),
    ]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/^folio: .*cut\.safetensors: not a usable safetensors file: tensor \S+ ends at byte \d+ of the data, which holds \d+: the file is truncated\n$/);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^folio: cannot read .*nothing\.json: no such file \(give the sidecar with --meta\)\n$/);
    expect(runCount(dir)).toBe(2);
  });
});
