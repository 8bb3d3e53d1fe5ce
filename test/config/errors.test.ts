import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type ConfigIssue } from '../../framework/config/load.js';
import { configFailure, fakeRegistry, positionOf, tempProject, VALID } from './fixtures.js';

function only(issues: ConfigIssue[], path: string): ConfigIssue {
  const matching = issues.filter((issue) => issue.path === path);
  expect(matching, `issues at ${path}: ${JSON.stringify(issues)}`).toHaveLength(1);
  return matching[0]!;
}

async function loadBroken(text: string): Promise<{ error: ConfigError; text: string; file: string }> {
  const project = tempProject();
  const file = project.write('config.yaml', text);
  const error = await configFailure(loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir }));
  return { error, text, file };
}

describe('config mistakes', () => {
  it('reports a misspelled key at the key itself, with a suggestion', async () => {
    const text = VALID.replace('n_head: 4', 'n_heads: 4');
    const { error, file } = await loadBroken(text);
    const issue = only(error.issues, 'model.attention.n_heads');
    expect(issue).toMatchObject({ file, ...positionOf(text, 'n_heads') });
    expect(issue.message).toBe('unknown key "n_heads" (did you mean n_head?); expected one of: n_head, dropout');
    const { line, col } = positionOf(text, 'n_heads');
    expect(error.message.split('\n')).toContain(
      `config.yaml:${line}:${col}: model.attention.n_heads: unknown key "n_heads" (did you mean n_head?); expected one of: n_head, dropout`,
    );
    // The real key is now missing: reported at the object that lacks it.
    const missing = only(error.issues, 'model.attention');
    expect(missing).toMatchObject({ ...positionOf(text, 'attention:'), message: 'missing required key "n_head"' });
  });

  it('reports an unknown type once, at its value, suggesting the nearest registered one', async () => {
    const text = VALID.replace('type: causal-self-attention', 'type: casual-self-attention');
    const { error } = await loadBroken(text);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({
      path: 'model.attention.type',
      ...positionOf(text, 'casual-self-attention'),
      message:
        'unknown attention type "casual-self-attention" (did you mean causal-self-attention?); registered: causal-self-attention, linear-attention',
    });
  });

  it('reports a missing type with the registered choices', async () => {
    const text = VALID.replace('    type: causal-self-attention\n', '');
    const { error } = await loadBroken(text);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.message).toBe(
      'missing required key "type" (which attention to use: one of causal-self-attention, linear-attention)',
    );
    expect(error.issues[0]).toMatchObject(positionOf(text, 'attention:'));
  });

  it('reports a value of the wrong type at the value', async () => {
    const text = VALID.replace('n_layer: 2', 'n_layer: four');
    const { error } = await loadBroken(text);
    expect(only(error.issues, 'model.n_layer')).toMatchObject({
      ...positionOf(text, 'four'),
      message: 'expected integer >= 1, got "four"',
    });
    expect(error.issues).toHaveLength(1);
  });

  it('reports out-of-range values and list items by index', async () => {
    const text = `${VALID}  betas: [0.9, 1.5]\ntrain:\n  batch_size: 0\n  grad_clip: -1\n`;
    const { error } = await loadBroken(text);
    expect(only(error.issues, 'optimizer.betas[1]')).toMatchObject({
      ...positionOf(text, '1.5'),
      message: 'expected number >= 0 and < 1, got 1.5',
    });
    expect(only(error.issues, 'train.batch_size').message).toBe('expected integer >= 1, got 0');
    expect(only(error.issues, 'train.grad_clip').message).toBe('expected number >= 0, got -1');
  });

  it('reports unknown top-level keys and missing required ones', async () => {
    const text = VALID.replace('name: tiny\n', '').replace('model:', 'modle:');
    const { error } = await loadBroken(text);
    const unknown = only(error.issues, 'modle');
    expect(unknown.message).toMatch(/^unknown key "modle" \(did you mean model\?\); expected one of: name, /);
    expect(unknown).toMatchObject(positionOf(text, 'modle'));
    const root = error.issues.filter((issue) => issue.path === '').map((issue) => issue.message);
    expect(root).toEqual(['missing required key "name"', 'missing required key "model"']);
    expect(error.message).toContain('config.yaml:1:1: missing required key "name"');
  });

  it('reports an unknown backend with a suggestion', async () => {
    const text = `${VALID}backend: cpuu\n`;
    const { error } = await loadBroken(text);
    expect(only(error.issues, 'backend').message).toBe('unknown backend "cpuu" (did you mean cpu?); registered: auto, cpu');
  });

  it('reports YAML syntax errors with their position', async () => {
    const text = 'name: tiny\nmodel:\n  type: gpt\n   n_layer: [1, 2\n';
    const { error, file } = await loadBroken(text);
    expect(error.issues.length).toBeGreaterThan(0);
    const issue = error.issues[0]!;
    expect(issue.file).toBe(file);
    expect(issue.line).toBeGreaterThanOrEqual(3);
    expect(issue.message).toMatch(/^YAML syntax: /);
    expect(error.message).toMatch(new RegExp(`^config\\.yaml:${issue.line}:${issue.col}: YAML syntax: `));
  });

  it('reports duplicate keys', async () => {
    const text = `${VALID}name: again\n`;
    const { error } = await loadBroken(text);
    expect(error.issues[0]).toMatchObject({ line: positionOf(text, 'name: again').line });
    expect(error.issues[0]!.message).toMatch(/unique/);
  });

  it('says so when the file is missing', async () => {
    const project = tempProject();
    const error = await configFailure(loadConfig('nope.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.message).toBe('nope.yaml: cannot read the config file: no such file');
  });

  it('rejects a top level that is not key: value settings', async () => {
    const { error } = await loadBroken('- a\n- b\n');
    expect(error.issues[0]!.message).toMatch(/expected key: value settings at the top level, got a list/);
  });

  it('reports a component given as a scalar', async () => {
    const text = VALID.replace('tokenizer:\n  type: char', 'tokenizer: char');
    const { error } = await loadBroken(text);
    expect(only(error.issues, 'tokenizer')).toMatchObject({
      ...positionOf(text, 'char'),
      message: 'expected a tokenizer (a mapping with type: one of char), got "char"',
    });
  });
});
