import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError, loadConfig } from '../../framework/config/load.js';
import { buildConfigSchema } from '../../framework/config/schema.js';
import { COMPONENT_KINDS } from '../../framework/registry/define.js';
import { fakeRegistry, tempProject, VALID } from './fixtures.js';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

describe('buildConfigSchema', () => {
  const schema = buildConfigSchema(fakeRegistry()) as Schema;

  it('describes every setting, for editors', () => {
    const properties = schema.properties!;
    expect(Object.keys(properties).sort()).toEqual(
      ['backend', 'checkpoint', 'dataset', 'extends', 'imports', 'init_from', 'model', 'name', 'objective', 'optimizer', 'preferences', 'reward', 'sample', 'schedule', 'seed', 'tokenizer', 'train'].sort(),
    );
    for (const [key, property] of Object.entries(properties)) {
      expect(property.description, key).toEqual(expect.any(String));
      for (const [inner, sub] of Object.entries(property.properties ?? {})) expect(sub.description, `${key}.${inner}`).toEqual(expect.any(String));
    }
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name', 'dataset', 'tokenizer', 'model', 'optimizer']);
  });

  it('holds one definition per component kind, and lists the backends', () => {
    expect(Object.keys(schema.$defs as object).sort()).toEqual([...COMPONENT_KINDS].sort());
    expect(schema.properties!.model).toMatchObject({ $ref: '#/$defs/model' });
    expect(schema.properties!.schedule).toMatchObject({ $ref: '#/$defs/schedule', default: { type: 'constant' } });
    expect(schema.properties!.backend).toMatchObject({ enum: ['auto', 'cpu'], default: 'auto' });
  });

  it('compiles with ajv in strict mode and survives JSON (what `folio schema` prints)', () => {
    const ajv = new Ajv({ strict: true, discriminator: true });
    expect(() => ajv.compile(JSON.parse(JSON.stringify(schema)))).not.toThrow();
  });
});

describe('formatConfigError', () => {
  it('shows files relative to the directory it is given', async () => {
    const project = tempProject();
    project.write('exp/config.yaml', VALID.replace('n_layer: 2', 'n_layer: 0'));
    const error = await loadConfig('exp/config.yaml', { registry: fakeRegistry(), cwd: project.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('exp/config.yaml:9:12: model.n_layer: expected integer >= 1, got 0');
    expect(formatConfigError(error as ConfigError, `${project.dir}/exp`)).toBe('config.yaml:9:12: model.n_layer: expected integer >= 1, got 0');
  });
});
