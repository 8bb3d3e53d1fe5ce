// The real `folio dashboard` in a real terminal: tmux runs it, send-keys types, capture-pane reads
// the screen. A store with several runs; mark two, open Compare, find the config key that differs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboardCommand } from '../../framework/cli/commands/dashboard.js';
import { FOLIO_BIN, folio, workspace } from '../helpers/cli.js';
import { failure, testIO } from '../tracking/helpers.js';
import { isolatedEnv } from '../helpers/isolated-env.js';
import { seedStore } from '../dashboard/store-fixtures.js';

/** Each test's own tmux server (-S socket in its folder), so nothing touches the user's sessions. */
let socket: string | undefined;
afterEach(() => {
  if (socket !== undefined && existsSync(socket)) tmux(socket, 'kill-server');
  socket = undefined;
});

function tmux(socketPath: string, ...args: string[]): string {
  return execFileSync('tmux', ['-S', socketPath, ...args], { encoding: 'utf8', env: isolatedEnv({ TERM: 'xterm-256color' }) });
}

function screen(socketPath: string): string {
  return tmux(socketPath, 'capture-pane', '-p', '-t', 'folio');
}

async function screenMatching(socketPath: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = screen(socketPath);
    if (pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the screen never matched ${pattern}; it showed:\n${last}`);
}

/**
 * The dashboard's exit status, which the pane's shell writes to `file` when it ends. Not tmux's
 * #{pane_dead_status}: tmux 3.3a at times marks the pane dead and never fills in the status.
 */
async function exitStatus(file: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const status = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (status !== '') return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the dashboard did not exit');
}

/** The terminal test needs tmux (.ci/run installs it; `apt-get install tmux`). */
const tmuxPresent = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

describe('folio dashboard in a terminal', () => {
  it.skipIf(!tmuxPresent)('marks two runs, opens Compare and shows the config key that differs between them', async () => {
    const dir = workspace();
    const store = join(dir, 'runs', 'folio.db');
    seedStore(store);
    const before = readFileSync(store);
    socket = join(dir, 'tmux.sock');
    const exitFile = join(dir, 'exit-status');
    // CI=true, as CI jobs set it: Ink would then draw only the final frame, leaving the screen blank.
    const dashboard = `CI=true ${JSON.stringify(process.execPath)} ${JSON.stringify(FOLIO_BIN)} dashboard --store ${JSON.stringify(store)}`;
    const command = `${dashboard}; echo $? > ${JSON.stringify(exitFile)}`;
    tmux(socket, 'new-session', '-d', '-s', 'folio', '-x', '100', '-y', '30', '-c', dir, command);
    // Keep the pane after the command ends, to see what it left on the screen.
    tmux(socket, 'set-option', '-t', 'folio', 'remain-on-exit', 'on');

    const runs = await screenMatching(socket, /5\/5 runs/);
    expect(runs).toMatch(/5\s+lr-0\.002\s+✖ crashed/); // its heartbeat stopped in 2026-01
    tmux(socket, 'send-keys', '-t', 'folio', 'j', 'j', 'Space', 'j', 'j', 'Space');
    await screenMatching(socket, /marked 2/);
    tmux(socket, 'send-keys', '-t', 'folio', 'c');
    const compare = await screenMatching(socket, /folio · runs › compare #3 #1/);
    expect(compare).toMatch(/━━ #3 lr-0\.001\s+━━ #1 lr-0\.003/);
    tmux(socket, 'send-keys', '-t', 'folio', 'Tab');
    const diff = await screenMatching(socket, /── config diff/);
    expect(diff).toMatch(/optimizer\.lr\s+1e-3\s+3e-3/);
    expect(diff).not.toMatch(/n_layer/);

    tmux(socket, 'send-keys', '-t', 'folio', 'q');
    expect(await exitStatus(exitFile)).toBe('0'); // q quits, exit status 0
    // The alternate screen is left: the terminal shows what it showed before.
    expect(screen(socket)).not.toContain('compare #3 #1');
    expect(readFileSync(store).equals(before)).toBe(true); // a reader: the store is untouched
  });

  it('outside a terminal says so and exits 2', async () => {
    const dir = workspace();
    seedStore(join(dir, 'runs', 'folio.db'));
    const result = await folio(['dashboard'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^folio: folio dashboard needs a terminal .* folio compare <id> <id>/);
    expect(result.stdout).toBe('');
  });

  it('explains a wrong argument before anything else', async () => {
    const extra = await failure(dashboardCommand(['7'], testIO(workspace())));
    expect(extra.message).toMatch(/^unexpected argument "7"\nusage: folio dashboard \[--store PATH\]/);
    const json = await failure(dashboardCommand(['--json'], testIO(workspace())));
    expect(json.message).toMatch(/^unknown option --json; folio dashboard takes --store, --help\n/);
  });
});
