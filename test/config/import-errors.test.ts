// A config's imports: TypeScript loads without a build, and each mistake in a user's file is
// reported at the import's list item with the file's name and what is wrong.
import { utimesSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../framework/config/load.js';
import { configFailure, fakeRegistry, positionOf, tempProject, VALID } from './fixtures.js';

const TS_SCHEDULE = `interface HalvingParams { every: number }

const halving = {
  kind: 'schedule' as const,
  type: 'halving',
  summary: 'halves the lr every so many steps',
  params: { type: 'object', properties: { every: { type: 'integer', minimum: 1, default: 100 } } },
  create: (params: HalvingParams, ctx: { baseLr: number }) => ({ lrAt: (step: number) => ctx.baseLr / 2 ** Math.floor(step / params.every) }),
};
export default halving;
`;

async function importFailure(files: Record<string, string>, imports: string[]) {
  const project = tempProject();
  for (const [name, text] of Object.entries(files)) project.write(name, text);
  const text = `imports: [${imports.join(', ')}]\n${VALID}`;
  project.write('config.yaml', text);
  const error = await configFailure(loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir }));
  return { text, issues: error.issues };
}

describe('imports of TypeScript', () => {
  it.each(['halving.ts', 'halving.mts'])('loads a %s component with its types, without a build step', async (name) => {
    const project = tempProject();
    project.write(name, TS_SCHEDULE);
    project.write('config.yaml', `imports: [${name}]\n${VALID}schedule:\n  type: halving\n  every: 10\n`);
    const resolved = await loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(resolved.config.schedule).toEqual({ type: 'halving', every: 10 });
    const schedule = resolved.registry.create('schedule', resolved.config.schedule, { baseLr: 1, maxIters: 100 } as never);
    expect([0, 10, 25].map((step) => schedule.lrAt(step))).toEqual([1, 0.5, 0.25]);
  });


  it('loads a file once while it is unchanged (a sweep loads its config per point), again once it changes', async () => {
    const project = tempProject();
    const file = project.write('halving.ts', TS_SCHEDULE);
    project.write('config.yaml', `imports: [halving.ts]\n${VALID}schedule:\n  type: halving\n`);
    const load = async () => (await loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir })).registry.get('schedule', 'halving');
    const first = await load();
    expect(await load()).toBe(first);
    project.write('halving.ts', TS_SCHEDULE.replace('halves the lr', 'halves the learning rate'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect((await load()).summary).toBe('halves the learning rate every so many steps');
  });
});

describe('a mistake in an imported file', () => {
  it('a syntax error in a .ts file: its file, line and column', async () => {
    const broken = TS_SCHEDULE.replace("type: 'halving',", "type: 'halving',\n  oops: = 3,");
    const { text, issues } = await importFailure({ 'lib/halving.ts': broken }, ['lib/halving.ts']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ ...positionOf(text, 'lib/halving.ts'), path: 'imports[0]' });
    expect(issues[0]!.message).toMatch(/^cannot import "lib\/halving\.ts": lib\/halving\.ts:6:9: syntax error: Unexpected "="$/);
  });

  it('a syntax error in a .mjs file: its file, line and column (Node alone gives neither)', async () => {
    const { issues } = await importFailure({ 'broken.mjs': 'const a = 1;\nexport default {\n  kind: "model",,\n};\n' }, ['broken.mjs']);
    expect(issues[0]!.message).toMatch(/^cannot import "broken\.mjs": broken\.mjs:3:17: syntax error: /);
  });

  it('an error thrown while the module runs names the file', async () => {
    const { issues } = await importFailure({ 'throws.mjs': 'throw new Error("no GPU here");\n' }, ['throws.mjs']);
    expect(issues[0]!.message).toBe('cannot import "throws.mjs": throws.mjs: no GPU here');
  });

  it('a file type that cannot hold a component', async () => {
    const { issues } = await importFailure({ 'notes.txt': 'hello\n' }, ['notes.txt']);
    expect(issues[0]!.message).toBe('cannot import "notes.txt": notes.txt: cannot import a ".txt" file; components are .ts, .mts, .js, .mjs files');
  });

  it('two files defining the same kind and type: both are named', async () => {
    const schedule = (summary: string) =>
      `export default { kind: 'schedule', type: 'halving', summary: '${summary}', params: { type: 'object' }, create() { return { lrAt: () => 1 }; } };\n`;
    const { text, issues } = await importFailure({ 'a/halving.mjs': schedule('one'), 'b/halving.mjs': schedule('two') }, ['a/halving.mjs', 'b/halving.mjs']);
    expect(issues).toEqual([
      expect.objectContaining({
        ...positionOf(text, 'b/halving.mjs'),
        path: 'imports[1]',
        message: '"b/halving.mjs": schedule "halving" is registered twice (a/halving.mjs defines it too)',
      }),
    ]);
  });

  it('a params schema that is not valid JSON Schema names the file and the component', async () => {
    const bad = "export default { kind: 'schedule', type: 'wobbly', summary: 's', params: { type: 'object', properties: { every: { type: 'integr' } } }, create() {} };\n";
    const { issues } = await importFailure({ 'wobbly.mjs': bad }, ['wobbly.mjs']);
    expect(issues[0]!.path).toBe('imports[0]');
    expect(issues[0]!.message).toMatch(/^"wobbly\.mjs": the params schema of schedule "wobbly" is not valid JSON Schema: .*type/);
  });
});
