// The tiny-shakespeare download path, served from 127.0.0.1 (tests never leave the machine).
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Of } from '../../components/dataset/cached-download.js';
import tinyShakespeare from '../../components/dataset/tiny-shakespeare.js';
import { servicesWithoutRun } from '../../framework/container/run-services.js';
import { Rng } from '../../framework/engine/rng.js';
import { ComponentInputError } from '../../framework/registry/errors.js';
import { workspace } from '../helpers/cli.js';

const TEXT = 'First Citizen:\nBefore we proceed any further, hear me speak.\n';
const SHA = sha256Of(new TextEncoder().encode(TEXT));

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** Serves TEXT on 127.0.0.1; returns its URL and a request counter. */
async function serve(status = 200): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(TEXT);
  });
  await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/input.txt`, requests: () => requests };
}

function dataset(cacheDir: string, url: string, sha256 = SHA) {
  return tinyShakespeare.create({ val_fraction: 0.1, url, sha256 }, { rng: new Rng(1), configDir: '.', cacheDir, services: servicesWithoutRun(cacheDir) });
}

describe('tiny-shakespeare download', () => {
  it('downloads once, verifies the SHA-256, and reads the cache afterwards', async () => {
    const cacheDir = workspace();
    const { url, requests } = await serve();
    const first = await dataset(cacheDir, url).load();
    expect(first.text).toBe(TEXT);
    expect(first.source).toBe(join(cacheDir, 'tinyshakespeare.txt'));
    expect(readFileSync(first.source, 'utf8')).toBe(TEXT);
    const second = await dataset(cacheDir, url).load();
    expect(second.text).toBe(TEXT);
    expect(requests()).toBe(1);
  });

  it('refuses a file whose SHA-256 differs and caches nothing', async () => {
    const cacheDir = workspace();
    const { url } = await serve();
    const load = dataset(cacheDir, url, '0'.repeat(64)).load();
    await expect(load).rejects.toThrow(ComponentInputError);
    await expect(dataset(cacheDir, url, '0'.repeat(64)).load()).rejects.toThrow(/expected 0{64}; nothing was cached/);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('says where to put the file when the server cannot be reached', async () => {
    const cacheDir = workspace();
    const { url } = await serve();
    await new Promise<void>((closed) => server!.close(() => closed()));
    server = undefined;
    await expect(dataset(cacheDir, url).load()).rejects.toThrow(
      `could not download ${url}. Without network, put the file at ${join(cacheDir, 'tinyshakespeare.txt')}`,
    );
  });

  it('reports an HTTP error status', async () => {
    const cacheDir = workspace();
    const { url } = await serve(404);
    await expect(dataset(cacheDir, url).load()).rejects.toThrow(`downloading ${url} failed: HTTP 404`);
    expect(existsSync(join(cacheDir, 'tinyshakespeare.txt'))).toBe(false);
  });
});
