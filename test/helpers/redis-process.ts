// A Redis server of one's own, for the queue tests and the queue benchmarks: Debian's redis-server
// on 127.0.0.1, a free port and a temp folder, so it never meets the user's Redis. (No vitest here:
// the benchmarks use it too.)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether redis-server is installed (.ci/run installs it; `apt-get install redis-server`). */
export const redisServerPresent: boolean = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

export interface RedisProcess {
  port: number;
  /** redis://127.0.0.1:PORT, with the password when there is one. */
  url: string;
  /** Stops the server (a persistent one writes its append-only file first). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with what it persisted. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * `persistent`: append-only persistence, fsync'd on every write, so that a test can stop the
 * server and start it again with the queue intact.
 */
export async function launchRedis(options: { password?: string; persistent?: boolean } = {}): Promise<RedisProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'folio-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push(...(options.persistent === true ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  if (options.password !== undefined) args.push('--requirepass', options.password);
  let child: ChildProcess | undefined;
  const server: RedisProcess = {
    port,
    url: `redis://${options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`}127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitUntil(() => accepts(port), `redis-server did not start on port ${port}`);
    },
    async stop() {
      const stopping = child;
      child = undefined;
      if (stopping === undefined || stopping.exitCode !== null || stopping.signalCode !== null) return;
      const exited = new Promise((resolve) => stopping.once('exit', resolve));
      stopping.kill('SIGTERM');
      await exited;
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return server;
}

export async function waitUntil(check: () => Promise<boolean> | boolean, failure: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(failure);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
