// The run's container is the composition root: the trainer and every component come out of it, and
// a user's component asks it for the same services a built-in may use.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../components/index.js';
import { buildRunContainer } from '../../framework/container/build.js';
import { loadRunConfig } from '../../framework/container/run-config.js';
import { servicesWithoutRun, vocabularyOf } from '../../framework/container/run-services.js';
import { COMPONENTS, LEARNED, RUN } from '../../framework/container/tokens.js';
import { defineComponent, type FeedForward, type RunServices } from '../../framework/registry/index.js';
import { BatchSampler } from '../../framework/training/batches.js';
import { runExperiment } from '../../framework/training/experiment.js';
import { Trainer } from '../../framework/training/trainer.js';
import { bindTrainer, TRAINING } from '../../framework/training/trainer-binding.js';
import { RunStore } from '../../framework/tracking/store.js';
import { tinyConfig } from '../helpers/tiny-gpt.js';
import { workspace } from '../helpers/temp.js';

const TEXT = 'To be, or not to be, that is the question.\n'.repeat(8);
const silent = { report: () => {}, close: async () => {} };

let backendSeen: string | undefined;

/** A user's feed-forward (the identity) that records what the run's services told it when it was built. */
const vocabularyProbe = defineComponent({
  kind: 'feedforward',
  type: 'vocabulary-probe',
  summary: 'passes x through; records the vocabulary size and the backend it was given',
  params: { type: 'object' },
  create: (_params: object, ctx): FeedForward => {
    const { vocabulary, backend, recorder } = ctx.services;
    recorder.metrics(0, { 'probe/vocabulary': vocabulary.size, 'probe/round_trip': vocabulary.decode(vocabulary.encode('be')) === 'be' ? 1 : 0 });
    backendSeen = backend.name;
    return { apply: (x) => x };
  },
});

describe("the run's container", () => {
  it("hands a user's component the run's vocabulary, backend and recorder, resolved there", async () => {
    const dir = workspace({ 'text.txt': TEXT });
    const registry = builtinRegistry().registerFrom('probe.ts', vocabularyProbe);
    const config = tinyConfig(
      { backend: 'cpu', dataset: { type: 'text-file', path: 'text.txt', val_fraction: 0.1 }, train: { batch_size: 2, max_iters: 2, eval_interval: 0, eval_iters: 1, grad_clip: 1, log_interval: 1 } },
      { n_layer: 1, feedforward: { type: 'vocabulary-probe' } },
    );
    const store = RunStore.open(join(dir, 'runs.db'));
    try {
      const result = await runExperiment({ config, hash: 'probe', file: join(dir, 'config.yaml'), dir }, { registry, store, reporter: silent, cacheDir: dir, runsDir: join(dir, 'runs') });
      expect(result.status).toBe('completed');
      const distinctCharacters = new Set(TEXT).size;
      expect(store.metricSeries(result.runId, 'probe/vocabulary')).toEqual([{ step: 0, value: distinctCharacters }]);
      expect(store.metricSeries(result.runId, 'probe/round_trip')[0]!.value).toBe(1);
      expect(backendSeen).toBe('cpu');
    } finally {
      store.close();
    }
  });

  it('resolves the trainer from the container, over the model, parameters and optimizer bound there once', async () => {
    const config = tinyConfig({ backend: 'cpu', train: { batch_size: 2, max_iters: 3, eval_interval: 0, eval_iters: 1, grad_clip: 1, log_interval: 1 } }, { n_layer: 1 });
    const run = buildRunContainer(config, builtinRegistry(), { configDir: '.', cacheDir: '.' });
    run.provide(LEARNED.activeBackend, await run.get(COMPONENTS.backend).activate());
    const tokenizer = run.get(COMPONENTS.tokenizer);
    tokenizer.fit(TEXT);
    run.provide(LEARNED.vocabulary, vocabularyOf(tokenizer));
    const model = run.get(COMPONENTS.model);
    expect(run.get(COMPONENTS.model)).toBe(model);
    const tokens = tokenizer.encode(TEXT);
    const sampler = () => new BatchSampler(tokens, model.blockSize, 2, run.get(RUN.rngs).data.fork(), 'training');
    const logged: number[] = [];
    run.provide(TRAINING.batches, { train: sampler(), evalTrain: sampler(), evalVal: sampler() });
    run.provide(TRAINING.log, { metrics: (step) => logged.push(step), sample: () => {}, heartbeat: () => {} });
    run.provide(TRAINING.reporter, silent);
    bindTrainer(run);
    const parameters = run.get(RUN.parameters);
    try {
      const before = parameters.all.map((p) => p.variable.dataSync().slice());
      const trainer = run.get(TRAINING.trainer);
      expect(trainer).toBeInstanceOf(Trainer);
      expect(run.get(TRAINING.trainer)).toBe(trainer);
      const outcome = await trainer.run();
      expect(outcome).toMatchObject({ status: 'completed', step: 3 });
      expect(logged).toEqual(expect.arrayContaining([1, 2, 3]));
      // The trainer stepped the container's own parameters.
      const moved = parameters.all.some((p, i) => p.variable.dataSync().some((value, j) => value !== before[i]![j]));
      expect(moved).toBe(true);
    } finally {
      run.get(COMPONENTS.optimizer).dispose();
      parameters.dispose();
    }
  });

  it('says when a service is asked for before the run knows it', () => {
    const run = buildRunContainer(tinyConfig({ backend: 'cpu' }), builtinRegistry(), { configDir: '.', cacheDir: '/tmp/cache' });
    const services: RunServices = run.get(RUN.services);
    expect(services.cacheDir).toBe('/tmp/cache');
    expect(() => services.vocabulary).toThrow(/the vocabulary is known once the tokenizer has seen the corpus/);
    expect(() => services.backend).toThrow(/the backend is known once it has started/);
    expect(() => servicesWithoutRun('.').recorder).toThrow(/no run is recorded here/);
    expect(services.tokenizer).toBe(run.get(COMPONENTS.tokenizer));
  });

  it('loads a config for a trial with the same components as folio run', async () => {
    const loaded = await loadRunConfig('configs/shakespeare-char.yaml', { overrides: ['seed=5'] });
    expect(loaded.config.seed).toBe(5);
    expect(loaded.registry.list().map((d) => d.type)).toEqual(builtinRegistry().list().map((d) => d.type));
  });
});
