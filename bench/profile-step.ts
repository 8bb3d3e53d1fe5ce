// npm run build && node dist/bench/profile-step.js [backend] [steps] [config]
// Where a training step of configs/shakespeare-char.yaml spends its time, kernel by kernel.
import { builtinRegistry } from '../components/index.js';
import { loadConfig } from '../framework/config/load.js';
import { buildRunContainer } from '../framework/container/build.js';
import { resolveRunComponents } from '../framework/container/run-parts.js';
import { tf } from '../framework/engine/tf.js';
import { BatchSampler } from '../framework/training/batches.js';
import { clipByGlobalNorm, globalNorm } from '../framework/training/clip.js';
import { batchLoss } from '../framework/training/loss.js';

const backend = process.argv[2] ?? 'wasm';
const steps = Number(process.argv[3] ?? 5);
const configFile = process.argv[4] ?? new URL('../../configs/shakespeare-char.yaml', import.meta.url).pathname;
const resolved = await loadConfig(configFile, {
  registry: builtinRegistry(),
  overrides: [`backend=${backend}`],
});
const { config } = resolved;
const parts = resolveRunComponents(buildRunContainer(config, resolved.registry, { configDir: resolved.dir, cacheDir: '.' }));
await parts.backend.activate();
// Synthetic tokens over a 65-character vocabulary: the profile does not depend on the text.
const tokens = Int32Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 65);
const model = parts.createModel(65);
const sampler = new BatchSampler(tokens, model.blockSize, config.train.batch_size, parts.rngs.data, 'training');
const params = parts.parameters.all;

function step(): void {
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => batchLoss(model, sampler.next(), true), params.map((p) => p.variable));
    const byParam = Object.fromEntries(params.map((p) => [p.name, grads[p.variable.name]!]));
    parts.optimizer.step(params, clipByGlobalNorm(byParam, globalNorm(Object.values(byParam)), 1), 1e-3);
    value.dataSync();
  });
}

for (let i = 0; i < (steps > 2 ? 3 : 1); i++) step(); // warm up
const totals = new Map<string, { ms: number; calls: number }>();
const started = performance.now();
for (let i = 0; i < steps; i++) {
  const profile = await tf.profile(() => step());
  for (const kernel of profile.kernels) {
    const entry = totals.get(kernel.name) ?? { ms: 0, calls: 0 };
    entry.ms += Number(kernel.kernelTimeMs);
    entry.calls += 1;
    totals.set(kernel.name, entry);
  }
}
const wall = (performance.now() - started) / steps;
const kernelMs = [...totals.values()].reduce((sum, e) => sum + e.ms, 0) / steps;
console.log(`${backend}: ${wall.toFixed(1)} ms/step under the profiler, ${kernelMs.toFixed(1)} ms in kernels`);
for (const [name, e] of [...totals].sort((x, y) => y[1].ms - x[1].ms).slice(0, 25)) {
  console.log(`  ${name.padEnd(22)} ${(e.ms / steps).toFixed(2).padStart(8)} ms  ${String(e.calls / steps).padStart(5)} calls`);
}
