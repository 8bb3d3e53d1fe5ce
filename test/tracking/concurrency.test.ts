// Several trial processes write to one store at the same time (a sweep with `parallel: 4`):
// no metric may be lost, no writer may fail on a busy database, and the file must stay sound.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../framework/tracking/store.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { isolatedEnv } from '../helpers/isolated-env.js';
import { tempDir } from './helpers.js';

const WRITERS = 4;
const STEPS = 2_000;
const HEARTBEAT_EVERY = 50;

// Plain JavaScript on the compiled store (`npm test` builds dist first): one trial's writes as the
// trainer makes them, with the store's own batching. It says "ready" once its run exists, waits for
// "go" on stdin so that every writer starts at the same moment, and prints its run id when done.
const WRITER = `
import { RunStore } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist/framework/tracking/store.js')).href)};
const [dbPath, name] = process.argv.slice(2);
const store = RunStore.open(dbPath);
const runId = store.createRun({ name, config: { name }, configHash: name, seed: 1, backend: 'cpu', sweepId: 1, trialKey: name });
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  for (let step = 0; step < ${STEPS}; step++) {
    store.logMetrics(runId, step, { 'train/loss': 1 / (step + 1), 'train/lr': 0.001 });
    if (step % ${HEARTBEAT_EVERY} === 0) store.heartbeat(runId);
  }
  store.logSample(runId, ${STEPS}, '\\n', name);
  store.finishRun(runId, 'completed');
  store.close();
  process.stdout.write('done ' + runId + '\\n');
  process.stdin.destroy();
});
`;

type Writer = ChildProcessByStdio<Writable, Readable, Readable>;

/** Resolves once the child has printed a line starting with `word`; rejects if it exits first. */
function lineFrom(child: Writer, word: string, output: { stdout: string; stderr: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = output.stdout.split('\n').find((l) => l.startsWith(word));
      if (line !== undefined) resolve(line);
    };
    child.stdout.on('data', check);
    check();
    child.once('exit', (code) => {
      check();
      reject(new Error(`writer exited (${code}) before "${word}": ${output.stderr}`));
    });
  });
}

describe('concurrent writers', () => {
  it(`${WRITERS} processes logging ${STEPS} steps each at once lose no metric and leave a sound store`, async () => {
    const dir = tempDir();
    const path = join(dir, 'runs', 'folio.db');
    const setup = RunStore.open(path);
    const sweepId = setup.createSweep({ name: 'parallel', spec: {}, specHash: 'h' });
    setup.close();
    const script = join(dir, 'writer.mjs');
    writeFileSync(script, WRITER);

    const writers = Array.from({ length: WRITERS }, (_, i) => {
      const child = spawn(process.execPath, [script, path, `trial-${i}`], { stdio: ['pipe', 'pipe', 'pipe'], env: isolatedEnv() });
      const output = { stdout: '', stderr: '' };
      child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
      return { child, output, exited: new Promise<number | null>((resolve) => child.once('close', resolve)) };
    });
    await Promise.all(writers.map(({ child, output }) => lineFrom(child, 'ready', output)));
    for (const { child } of writers) child.stdin.write('go\n');
    const codes = await Promise.all(writers.map(({ exited }) => exited));
    expect(writers.map(({ output }) => output.stderr)).toEqual(Array(WRITERS).fill(''));
    expect(codes).toEqual(Array(WRITERS).fill(0));

    const store = RunStore.open(path);
    const trials = store.sweepTrials(sweepId);
    expect(trials.map((t) => t.status)).toEqual(Array(WRITERS).fill('completed'));
    const everyStep = Array.from({ length: STEPS }, (_, step) => step);
    for (const { id } of trials) {
      expect(store.metricSeries(id, 'train/loss').map((point) => point.step)).toEqual(everyStep);
      expect(store.metricSeries(id, 'train/lr')).toHaveLength(STEPS);
      expect(store.getRun(id)!.samples).toHaveLength(1);
    }
    expect(store.sweepTrials(sweepId).map((t) => t.status)).toEqual(Array(WRITERS).fill('completed'));
    store.close();

    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM metrics').pluck().get()).toBe(WRITERS * STEPS * 2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 60_000);
});
