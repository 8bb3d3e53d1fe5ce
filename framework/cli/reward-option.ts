// `--reward <type | config.yaml>`: a reward component from a registered type (its params' defaults)
// or from the `reward:` of a run config file (validated like any config, errors at file:line:col).
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { loadConfig } from '../config/load.js';
import { servicesWithoutRun } from '../container/run-services.js';
import { Rng } from '../engine/rng.js';
import type { Reward } from '../registry/alignment.js';
import type { ComponentConfig } from '../registry/define.js';
import { didYouMean } from '../registry/nearest.js';
import type { Registry } from '../registry/registry.js';
import type { InitFromStore } from '../training/init-from.js';
import { loadRunModel } from '../training/run-model.js';
import { resolveCacheDir } from './cache-dir.js';
import { UserError } from '../errors.js';
import type { CommandIO } from './io.js';

export interface RewardOption {
  reward: Reward;
  /** How messages name it: `lexicon`, or `regex from configs/x.yaml`. */
  name: string;
}

export async function rewardOption(value: string, registry: Registry, store: InitFromStore, io: CommandIO, seed: number): Promise<RewardOption> {
  const types = registry.types('reward');
  const fromFile = /\.ya?ml$/i.test(value);
  if (!fromFile && !types.includes(value)) {
    throw new UserError(`--reward: "${value}" is neither a reward type nor a .yaml config${didYouMean(value, types)}; reward types: ${types.join(', ')}`);
  }
  const { node, configDir, components } = fromFile ? await rewardOfConfig(value, registry, io) : { node: withDefaults(registry, value), configDir: io.cwd, components: registry };
  const reward = components.create('reward', node, {
    rng: new Rng(seed),
    configDir,
    services: servicesWithoutRun(resolveCacheDir(io.env, io.cwd)),
    loadRun: (which) => loadRunModel(store, components, which),
  });
  return { reward, name: fromFile ? `${node.type} from ${value}` : value };
}

/** The config's reward node, its folder, and the registry with the config's own imports. */
async function rewardOfConfig(file: string, registry: Registry, io: CommandIO): Promise<{ node: ComponentConfig; configDir: string; components: Registry }> {
  const loaded = await loadConfig(file, { registry, cwd: io.cwd });
  if (loaded.config.reward === undefined) throw new UserError(`--reward ${file}: the config has no reward: section`);
  return { node: loaded.config.reward, configDir: dirname(resolve(io.cwd, file)), components: loaded.registry };
}

/** `{ type }` with its params' defaults, or why it cannot stand alone (a required param). */
function withDefaults(registry: Registry, type: string): ComponentConfig {
  const node: ComponentConfig = { type };
  const ajv = new Ajv({ useDefaults: true, strict: false });
  const validate = ajv.compile({ ...registry.get('reward', type).params, additionalProperties: true });
  if (!validate(node)) {
    const missing = (validate.errors ?? []).map((e) => (e.keyword === 'required' ? String(e.params.missingProperty) : e.message)).join(', ');
    throw new UserError(`--reward ${type}: needs params (${missing}); give a config file whose reward: sets them`);
  }
  return node;
}
