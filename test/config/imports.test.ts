import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../framework/config/load.js';
import { configFailure, fakeRegistry, positionOf, tempProject, VALID } from './fixtures.js';

const WINDOWED = `export default {
  kind: 'attention',
  type: 'windowed-attention',
  summary: 'attention over the last few tokens',
  params: { type: 'object', required: ['window'], properties: { window: { type: 'integer', minimum: 1 }, n_head: { type: 'integer', default: 2 } } },
  create() { throw new Error('not built here'); },
};
`;

const SCHEDULES = `const base = { kind: 'schedule', params: { type: 'object', properties: {} }, create() { return { lrAt: () => 1 }; } };
export default [
  { ...base, type: 'step-decay', summary: 'halves the lr now and then' },
  { ...base, type: 'linear-decay', summary: 'down to zero' },
];
`;

function withWindowed(text: string): string {
  return text.replace('type: causal-self-attention\n    n_head: 4', 'type: windowed-attention\n    window: 8');
}

describe('imports', () => {
  it("registers a user's component from a .mjs file next to the config", async () => {
    const project = tempProject();
    project.write('components/windowed.mjs', WINDOWED);
    project.write('config.yaml', `imports:\n  - ./components/windowed.mjs\n${withWindowed(VALID)}`);
    const registry = fakeRegistry();
    const resolved = await loadConfig('config.yaml', { registry, cwd: project.dir });
    expect(resolved.config.model.attention).toEqual({ type: 'windowed-attention', window: 8, n_head: 2 });
    expect(resolved.config.imports).toEqual(['./components/windowed.mjs']);
    expect(resolved.registry.types('attention')).toContain('windowed-attention');
    // The caller's registry is left as it was.
    expect(registry.types('attention')).not.toContain('windowed-attention');
  });

  it('accepts a list of definitions as the default export', async () => {
    const project = tempProject();
    project.write('schedules.mjs', SCHEDULES);
    project.write('config.yaml', `imports: [schedules.mjs]\n${VALID}schedule:\n  type: step-decay\n`);
    const resolved = await loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(resolved.config.schedule).toEqual({ type: 'step-decay' });
    expect(resolved.registry.types('schedule')).toEqual(['constant', 'warmup-cosine', 'step-decay', 'linear-decay']);
  });

  it("checks an imported component's params like a built-in's", async () => {
    const project = tempProject();
    project.write('windowed.mjs', WINDOWED);
    const text = `imports: [./windowed.mjs]\n${withWindowed(VALID).replace('window: 8', 'windw: 8')}`;
    project.write('config.yaml', text);
    const error = await configFailure(loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.issues.find((issue) => issue.path === 'model.attention.windw')).toMatchObject({
      ...positionOf(text, 'windw'),
      message: 'unknown key "windw" (did you mean window?); expected one of: window, n_head',
    });
  });

  it('resolves imports from a parent config relative to the parent, and reports them relative to the config', async () => {
    const project = tempProject();
    project.write('shared/windowed.mjs', WINDOWED);
    project.write('shared/base.yaml', `imports: [./windowed.mjs]\n${withWindowed(VALID)}`);
    project.write('exp/config.yaml', 'extends: ../shared/base.yaml\nname: derived\n');
    const resolved = await loadConfig('exp/config.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(resolved.config.model.attention).toMatchObject({ type: 'windowed-attention' });
    expect(resolved.config.imports).toEqual(['../shared/windowed.mjs']);
  });

  it('can be given with --set, relative to the working directory', async () => {
    const project = tempProject();
    project.write('lib/windowed.mjs', WINDOWED);
    project.write('exp/config.yaml', withWindowed(VALID));
    const resolved = await loadConfig('exp/config.yaml', {
      registry: fakeRegistry(),
      cwd: project.dir,
      overrides: ['model.attention.window=16', 'imports=[lib/windowed.mjs]'],
    });
    expect(resolved.config.model.attention).toEqual({ type: 'windowed-attention', window: 16, n_head: 2 });
    expect(resolved.config.imports).toEqual(['../lib/windowed.mjs']);
  });

  it('points at the list item of a missing file', async () => {
    const project = tempProject();
    const text = `imports:\n  - ./missing.mjs\n${VALID}`;
    const file = project.write('config.yaml', text);
    const error = await configFailure(loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.issues).toEqual([
      {
        file,
        ...positionOf(text, './missing.mjs'),
        path: 'imports[0]',
        message: 'cannot find "./missing.mjs" (looked for missing.mjs)',
      },
    ]);
  });

  it('rejects a module whose default export is not a component definition', async () => {
    const project = tempProject();
    project.write('nothing.mjs', 'export const x = 1;\n');
    project.write('wrong.mjs', 'export default { kind: "attention", type: "half-done" };\n');
    project.write('broken.mjs', 'export default {\n');
    project.write('clash.mjs', "export default { kind: 'tokenizer', type: 'char', summary: 's', params: { type: 'object' }, create() {} };\n");
    const text = `imports: [nothing.mjs, wrong.mjs, broken.mjs, clash.mjs]\n${VALID}`;
    project.write('config.yaml', text);
    const error = await configFailure(loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    const messages = Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
    expect(messages['imports[0]']).toBe('"nothing.mjs" has no default export; write export default defineComponent({ ... }) or a list of them');
    expect(messages['imports[1]']).toBe(
      'the default export of "wrong.mjs" is not a component definition (an object with kind, type, summary, params and create)',
    );
    expect(messages['imports[2]']).toMatch(/^cannot import "broken\.mjs": broken\.mjs:2:1: syntax error: /);
    expect(messages['imports[3]']).toBe('"clash.mjs": tokenizer "char" is registered twice (a built-in has that name)');
    expect(error.issues.find((issue) => issue.path === 'imports[1]')).toMatchObject(positionOf(text, 'wrong.mjs'));
  });
});
