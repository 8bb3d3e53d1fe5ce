// A Redis server of a test's own: Debian's redis-server on 127.0.0.1, a free port, a temp folder,
// append-only persistence (so a test can stop it and start it again with the queue intact).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Whether redis-server is installed (.ci/run installs it; `apt-get install redis-server`). */
export const redisServerPresent: boolean = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

export interface TestRedis {
  port: number;
  /** redis://127.0.0.1:PORT, with the password when there is one. */
  url: string;
  /** Stops the server (it writes its append-only file first); start() brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

const running: TestRedis[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'folio-redis-'));
  folders.push(dir);
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
  if (options.password !== undefined) args.push('--requirepass', options.password);
  let child: ChildProcess | undefined;
  const server: TestRedis = {
    port,
    url: `redis://${options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`}127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await until(() => accepts(port), `redis-server did not start on port ${port}`);
    },
    async stop() {
      const stopping = child;
      child = undefined;
      if (stopping === undefined || stopping.exitCode !== null) return;
      const exited = new Promise((resolve) => stopping.once('exit', resolve));
      stopping.kill('SIGTERM');
      await exited;
    },
  };
  await server.start();
  running.push(server);
  return server;
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

async function until(check: () => Promise<boolean>, failure: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(failure);
}
