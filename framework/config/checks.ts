// Components' cross-field checks: run on a schema-valid config, before anything is built or recorded.
import { dirname } from 'node:path';
import type { ModelDims } from '../registry/contracts.js';
import type { AnyComponentDefinition, CheckContext, CheckProblem, ComponentKind } from '../registry/define.js';
import type { Registry } from '../registry/registry.js';
import type { ConfigIssue } from './errors.js';
import { childPointer, isRecord, type Origins } from './origins.js';
import { locate } from './validate.js';

/** The kinds a model builds through ctx.layers: their nodes sit under the model's node by kind. */
const LAYER_KINDS = ['block', 'attention', 'feedforward'] as const satisfies readonly ComponentKind[];
const TOP_LEVEL_KINDS = ['dataset', 'tokenizer', 'model', 'optimizer', 'schedule', 'objective', 'reward', 'preferences'] as const satisfies readonly ComponentKind[];
/** The kinds of the stage after pretraining, whose checks see the rest of the config's keys and its folder. */
const ALIGNMENT_KINDS: readonly ComponentKind[] = ['objective', 'reward', 'preferences'];

/** Runs every configured component's `check`; `config` has passed the schema (defaults filled). */
export function checkComponents(registry: Registry, config: Record<string, unknown>, origins: Origins, file: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const run = (kind: ComponentKind, ptr: string, node: unknown, ctx: CheckContext): void => {
    const found = definitionOf(registry, kind, node);
    if (found === undefined) return;
    for (const problem of problemsOf(registry, found.definition, found.params, ctx)) {
      const at = problem.key === undefined || problem.key === '' ? ptr : keyPointer(ptr, problem.key);
      issues.push(locate(at, 'key', problem.message, origins, config, file));
    }
  };

  for (const kind of TOP_LEVEL_KINDS) run(kind, `/${kind}`, config[kind], topLevelContext(registry, kind, config, dirname(file)));

  const model = definitionOf(registry, 'model', config.model);
  const dims: ModelDims | undefined = model?.definition.layerDims?.(model.params);
  if (model !== undefined && dims !== undefined) {
    for (const kind of LAYER_KINDS) run(kind, childPointer('/model', kind), model.params[kind], { dims });
  }
  return issues;
}

/** What a top-level component's check may know of the rest of the config. */
function topLevelContext(registry: Registry, kind: ComponentKind, config: Record<string, unknown>, configDir: string): CheckContext {
  if (ALIGNMENT_KINDS.includes(kind)) return { configKeys: Object.keys(config), configDir };
  if (kind === 'model') {
    const tokenizer = definitionOf(registry, 'tokenizer', config.tokenizer);
    const vocabSize = tokenizer?.definition.vocabSize?.(tokenizer.params);
    return vocabSize === undefined ? {} : { vocabSize };
  }
  if (kind === 'schedule') {
    const lr = isRecord(config.optimizer) ? config.optimizer.lr : undefined;
    const maxIters = isRecord(config.train) ? config.train.max_iters : undefined;
    return { ...(typeof lr === 'number' ? { baseLr: lr } : {}), ...(typeof maxIters === 'number' ? { maxIters } : {}) };
  }
  return {};
}

function definitionOf(
  registry: Registry,
  kind: ComponentKind,
  node: unknown,
): { definition: AnyComponentDefinition; params: Record<string, unknown> } | undefined {
  if (!isRecord(node) || typeof node.type !== 'string') return undefined;
  const definition = registry.list(kind).find((d) => d.type === node.type);
  if (definition === undefined) return undefined;
  const { type: _type, ...params } = node;
  return { definition, params };
}

function problemsOf(registry: Registry, definition: AnyComponentDefinition, params: Record<string, unknown>, ctx: CheckContext): readonly CheckProblem[] {
  if (definition.check === undefined) return [];
  try {
    return definition.check(params as never, ctx) ?? [];
  } catch (error) {
    // A check that throws is the component's bug; its message still beats a stack for the user.
    return [{ message: `the check of ${registry.describe(definition)} failed: ${error instanceof Error ? error.message : String(error)}` }];
  }
}

/** `n_head` or `betas[1]` under the component's pointer. */
function keyPointer(ptr: string, key: string): string {
  const segments = key.split(/\.|\[(\d+)\]/).filter((segment) => segment !== undefined && segment !== '');
  return segments.reduce(childPointer, ptr);
}
