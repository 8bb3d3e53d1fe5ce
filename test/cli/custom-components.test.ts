// A user's components from a project that depends on folio, through the commands a user runs:
// listed and in the schema with --config, refused before training with file:line:col, and each
// mistake in the user's code named with its component and file, exit 2, no stack trace.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, TINY_CONFIG } from '../helpers/cli.js';
import { userProject } from '../helpers/folio-project.js';

// The width check needs `dims` from the model, `vocabSize`-free; written in TypeScript against 'folio'.
const SCALED = `import { defineComponent, linear, tf, type FeedForward, type LayerContext } from '@folio-lm/folio';

interface ScaledParams { scale: number; fail?: boolean; widen?: boolean }

class Scaled implements FeedForward {
  private readonly weight: tf.Variable;
  constructor(private readonly params: ScaledParams, ctx: LayerContext) {
    if (params.fail) throw new Error('scale tables are not ready');
    const width = ctx.dims.nEmbd;
    this.weight = ctx.params.linear('proj.weight', [width, params.widen ? 2 * width : width]);
  }
  apply(x: tf.Tensor3D): tf.Tensor3D {
    return tf.mul(linear(x, this.weight as tf.Tensor2D), this.params.scale) as tf.Tensor3D; // (B, T, C)
  }
}

export default defineComponent({
  kind: 'feedforward',
  type: 'scaled-linear',
  summary: 'one linear map, scaled',
  params: {
    type: 'object',
    properties: {
      scale: { type: 'number', default: 1, description: 'multiplies the output' },
      fail: { type: 'boolean' },
      widen: { type: 'boolean' },
    },
  },
  create: (params: ScaledParams, ctx) => new Scaled(params, ctx),
  check: (params: ScaledParams, { dims }) => (dims !== undefined && params.scale > dims.nEmbd ? [{ key: 'scale', message: \`at most n_embd (\${dims.nEmbd})\` }] : []),
});
`;

function project(feedforward: string, imports = 'lib/scaled.ts'): string {
  const config = TINY_CONFIG.replace('name: tiny-e2e\n', `name: tiny-e2e\nimports: [${imports}]\n`).replace(
    '  attention: { type: causal-self-attention, n_head: 2 }\n',
    `  attention: { type: causal-self-attention, n_head: 2 }\n  feedforward: ${feedforward}\n`,
  );
  return userProject({ 'lib/scaled.ts': SCALED, 'config.yaml': config });
}

describe("a user's own components", () => {
  it('appear in folio components --config --json and folio schema --config, params included', async () => {
    const dir = project('{ type: scaled-linear }');
    const listed = await folio(['components', '--config', 'config.yaml', '--kind', 'feedforward', '--json'], { cwd: dir });
    expect(listed.code).toBe(0);
    const components = JSON.parse(listed.stdout) as { type: string; source?: string; params: { properties: object } }[];
    expect(components.map((c) => c.type)).toEqual(['mlp', 'swiglu', 'scaled-linear']);
    expect(components.at(-1)).toMatchObject({ source: 'lib/scaled.ts', params: { properties: { scale: { default: 1 } } } });

    const schema = await folio(['schema', '--config', 'config.yaml'], { cwd: dir });
    expect(schema.code).toBe(0);
    const feedforwards = (JSON.parse(schema.stdout) as { $defs: { feedforward: { oneOf: { properties: Record<string, unknown> }[] } } }).$defs
      .feedforward.oneOf;
    expect(feedforwards.find((branch) => (branch.properties.type as { const: string }).const === 'scaled-linear')?.properties).toHaveProperty('scale');
    expect((await folio(['schema'], { cwd: dir })).stdout).not.toContain('scaled-linear');
    const wrongKind = await folio(['components', '--kind', 'feedfoward'], { cwd: dir });
    expect([wrongKind.code, wrongKind.stderr]).toEqual([
      2,
      'folio: --kind must be one of tokenizer, dataset, model, block, attention, feedforward, optimizer, schedule, backend, objective, reward, preferences, got "feedfoward" (did you mean feedforward?)\n' +
        'usage: folio components [--kind KIND] [--config FILE] [--json]  (folio components --help for more)\n',
    ]);
  });

  it("is refused by its own check before training: file:line:col, exit 2, nothing recorded", async () => {
    const dir = project('{ type: scaled-linear, scale: 40 }');
    for (const command of ['validate', 'run']) {
      const result = await folio([command, 'config.yaml', '--plain'].slice(0, command === 'run' ? 3 : 2), { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('folio: config.yaml:13:39: model.feedforward.scale: at most n_embd (16)\n');
    }
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });

  it('a factory that throws and a layer of the wrong shape are named with their file, exit 2, no stack', async () => {
    const throwing = await folio(['run', 'config.yaml', '--plain'], { cwd: project('{ type: scaled-linear, fail: true }') });
    expect(throwing.code).toBe(2);
    expect(throwing.stderr).toBe('folio: feedforward "scaled-linear" (lib/scaled.ts) failed to build: scale tables are not ready\n');

    const widening = await folio(['run', 'config.yaml', '--plain'], { cwd: project('{ type: scaled-linear, widen: true }') });
    expect(widening.code).toBe(2);
    expect(widening.stderr).toBe(
      'folio: feedforward "scaled-linear" (lib/scaled.ts) returned shape (1, 2, 32) for an input of (1, 2, 16); a layer must keep (B, T, C)\n',
    );
  });

  it('a missing component file is named at its line in the config', async () => {
    const dir = project('{ type: scaled-linear }', 'lib/scaled.ts, lib/gone.ts');
    const result = await folio(['validate', 'config.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('folio: config.yaml:2:26: imports[1]: cannot find "lib/gone.ts" (looked for lib/gone.ts)\n');
  });
});
