// A sweep's trial in a process of its own (forked by LocalProcessExecutor): a crash, an out-of-
// memory kill or a NaN here ends this trial only. It runs the point as an ordinary run linked to
// the sweep, streams the metrics it logs to the sweep, and stops early when told to prune.
import { loadRunConfig } from '../container/run-config.js';
import { PRUNED } from '../training/trainer.js';
import { runExperiment } from '../training/experiment.js';
import { RunStore, type RunRecorder } from '../tracking/store.js';
import { registryHash } from './queue/fingerprint.js';
import { RemoteRecorder } from './queue/remote-recorder.js';
import { trialKey } from './space.js';
import { continuationOf } from './trial-continuation.js';
import type { FromTrial, ToTrial, TrialRequest } from './trial-protocol.js';

const send = (message: FromTrial) => process.send?.(message);
const stopping = new AbortController();

process.on('message', (message: ToTrial) => {
  if (message.kind === 'run') void run(message.request);
  else if (message.kind === 'prune') stopping.abort(PRUNED);
  else stopping.abort();
});
// The sweep handles Ctrl-C and tells each trial to stop; the terminal's SIGINT reaches trials too.
process.on('SIGINT', () => {});
// The sweep died (killed, crashed): stop after this step, as interrupted, so that running the sweep
// again re-runs this trial instead of racing an orphan that nobody watches.
process.on('disconnect', () => stopping.abort());

async function run(request: TrialRequest): Promise<void> {
  const { remote } = request;
  const local = remote === undefined ? RunStore.open(request.storePath) : undefined;
  const store: RunRecorder & { close?: () => void } = local ?? new RemoteRecorder((record) => send({ kind: 'record', record }), remote!.localRunId);
  let runId = request.resumeRunId ?? -1;
  try {
    const resolved = await loadRunConfig(request.configFile, { overrides: request.overrides });
    const continuation = local === undefined || request.resumeRunId === undefined ? undefined : await continuationOf(local, request.resumeRunId);
    if (continuation?.kind === 'finished') {
      // Finished meanwhile (resumed by hand): nothing to train, the trial ends as its run did.
      store.close?.();
      send({ kind: 'started', runId, maxSteps: resolved.config.train.max_iters });
      send({ kind: 'ended', runId, status: continuation.status, step: continuation.step });
      process.disconnect?.();
      return;
    }
    if (remote !== undefined) {
      const refusal = differences(request, remote.registryHash, trialKey(resolved.hash, resolved.config.seed), registryHash(resolved.registry));
      if (refusal !== undefined) {
        send({ kind: 'refused', reason: refusal });
        process.disconnect?.();
        return;
      }
    }
    const result = await runExperiment(resolved, {
      registry: resolved.registry,
      store,
      reporter: {
        report: (event) => {
          if (event.kind === 'start') {
            runId = event.runId;
            send({ kind: 'started', runId, maxSteps: event.maxIters, ...(event.maxMinutes === undefined ? {} : { maxMinutes: event.maxMinutes }) });
          }
        },
        close: async () => {},
      },
      cacheDir: request.cacheDir,
      runsDir: request.runsDir,
      signal: stopping.signal,
      trial: { sweepId: request.sweepId, trialKey: request.trialKey, ...(request.runName === undefined ? {} : { runName: request.runName }) },
      ...(continuation?.kind === 'resume' ? { resume: { runId: continuation.runId, checkpoint: continuation.checkpoint } } : {}),
      ...(continuation?.kind === 'restart' ? { restartRunId: continuation.runId } : {}),
      ...(remote === undefined ? { onMetrics: (step: number, values: Record<string, number>) => send({ kind: 'metrics', step, values }) } : {}),
    });
    store.close?.();
    send({ kind: 'ended', runId: result.runId, status: result.status, step: result.step, ...(result.error ? { error: result.error } : {}) });
  } catch (error) {
    store.close?.();
    send({ kind: 'ended', runId, status: 'failed', step: 0, error: error instanceof Error ? error.message : String(error) });
  }
  process.disconnect?.();
}

/** Why this machine must not run the trial: it would not be the trial the coordinator asked for. */
function differences(request: TrialRequest, expectedRegistry: string, key: string, registry: string): string | undefined {
  if (registry !== expectedRegistry) {
    return `its component set differs from the coordinator's (registry ${registry} here, ${expectedRegistry} there): run the same checkout of the project, imports included, on both machines`;
  }
  if (key !== request.trialKey) {
    return `${request.configFile} with the trial's overrides resolves to another config here (trial ${key}, the coordinator's ${request.trialKey}): run the same checkout of the project on both machines`;
  }
  return undefined;
}
