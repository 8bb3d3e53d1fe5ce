// Another recorded run's model in memory (a reward model a reward scores with), built with the
// config its checkpoint holds.
import type { RunConfig } from '../config/types.js';
import { tf } from '../engine/tf.js';
import type { LoadedRunModel, RunChoice } from '../registry/alignment.js';
import type { Registry } from '../registry/registry.js';
import { CheckpointError } from './checkpoint/errors.js';
import { locateCheckpoint, runOf } from './checkpoint/locate.js';
import { readCheckpoint } from './checkpoint/read.js';
import { restoreModel } from './checkpoint/restore-model.js';
import { initFromRun, type InitFromStore } from './init-from.js';

export async function loadRunModel(store: InitFromStore, registry: Registry, which: RunChoice): Promise<LoadedRunModel> {
  const runId = initFromRun({ ...which, unknown_characters: 'error' }, store);
  const run = runOf(store, runId);
  const checkpoint = readCheckpoint(locateCheckpoint(run, which.checkpoint).path);
  const config = (checkpoint.meta?.config ?? run.config) as RunConfig | undefined;
  if (config === undefined || config === null) throw new CheckpointError(`run ${runId} has no recorded config to rebuild its model from`);
  const configDir = typeof run.info.configDir === 'string' ? run.info.configDir : process.cwd();
  const restored = await restoreModel(checkpoint, config, registry, configDir);
  const tensors = new Map<string, tf.Tensor>();
  return {
    model: restored.model,
    tokenizer: restored.tokenizer,
    tensor: (name) => {
      const saved = checkpoint.weights.get(name);
      if (saved === undefined) return undefined;
      let tensor = tensors.get(name);
      if (tensor === undefined) tensors.set(name, (tensor = tf.keep(tf.tensor(saved.data, saved.shape, 'float32'))));
      return tensor;
    },
    dispose: () => {
      tf.dispose([...tensors.values()]);
      restored.dispose();
    },
  };
}
