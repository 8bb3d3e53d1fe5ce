// SIGTERM, SIGHUP and a closed stdout stop a run as Ctrl-C does (or, for stdout, not at all): the
// step finishes, a final checkpoint is written, the store says interrupted (or completed).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../framework/training/checkpoint/read.js';
import { FOLIO_BIN, folio, tinyCorpus, TINY_CONFIG, workspace } from '../helpers/cli.js';
import { isolatedEnv } from '../helpers/isolated-env.js';
import { storedRun } from '../checkpoint/fixtures.js';

// Long enough that a signal always lands mid-run; a checkpoint every 5 steps, logged at each.
const LONG_CONFIG = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 400')
  .replace('eval_interval: 10', 'eval_interval: 200')
  .concat('checkpoint: { every: 5, keep: 2 }\n');

/** Runs the long config and sends `signal` once step `at` is printed (a log line: a checkpoint write has just begun). */
function runAndSignal(dir: string, signal: NodeJS.Signals, at: number) {
  let sent = false;
  return folio(['run', 'tiny.yaml', '--plain'], {
    cwd: dir,
    onStdout: (text, child) => {
      if (!sent && new RegExp(`step +${at}/`).test(text)) {
        sent = true;
        child.kill(signal);
      }
    },
  });
}

/** What a stopped run left: its record, and the newest checkpoint it points at, read back. */
function stoppedRun(dir: string) {
  const { run, losses } = storedRun(dir, 1);
  const newest = run.artifacts.filter((a) => a.kind === 'checkpoint').sort((a, b) => b.step - a.step)[0];
  const leftovers = readdirSync(join(dir, 'runs/folio.runs/1')).filter((name) => name.endsWith('.partial'));
  return { run, lastLogged: losses.at(-1)?.step ?? 0, newest, newestStep: newest === undefined ? undefined : readCheckpoint(newest.path).step, leftovers };
}

// A random log step between 10 and 100, different each time the suite runs (said in any failure).
const randomStep = () => 5 * (2 + Math.floor(Math.random() * 19));

describe.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('%s while a run trains', (signal, exitCode) => {
  it('finishes the step, writes a final checkpoint and records the run interrupted', async () => {
    const at = randomStep();
    const dir = workspace({ 'tiny.yaml': LONG_CONFIG, 'corpus.txt': tinyCorpus() });
    const result = await runAndSignal(dir, signal, at);
    expect(result.stderr, `signal at step ${at}`).toBe('');
    expect(result.code, `signal at step ${at}`).toBe(exitCode);
    expect(result.stdout).toMatch(/run 1 interrupted after \d+ steps/);
    const stopped = stoppedRun(dir);
    expect(stopped.run.status).toBe('interrupted');
    // The final checkpoint holds the last step trained, whatever the write in flight when the signal came.
    const stepsTrained = Number(/interrupted after (\d+) steps/.exec(result.stdout)![1]);
    expect(stepsTrained).toBeGreaterThanOrEqual(at);
    expect(stopped.newestStep, `signal at step ${at}`).toBe(stepsTrained);
    expect(stopped.leftovers).toEqual([]);
  });
});

describe('a closed stdout while a run trains', () => {
  it('stops the printing, not the training: the run completes with its checkpoints', async () => {
    const dir = workspace({ 'tiny.yaml': LONG_CONFIG.replace('max_iters: 400', 'max_iters: 60'), 'corpus.txt': tinyCorpus() });
    // `folio run ... | head -1`: the reader goes away after the first line.
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [FOLIO_BIN, 'run', 'tiny.yaml', '--plain'], {
        cwd: dir,
        env: isolatedEnv({ FOLIO_CACHE: join(dir, 'cache') }),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    const stopped = stoppedRun(dir);
    expect(stopped.run.status).toBe('completed');
    expect(stopped.newestStep).toBe(60);
    expect(existsSync(join(dir, 'runs/folio.runs/1/best.safetensors'))).toBe(true);
  });
});
