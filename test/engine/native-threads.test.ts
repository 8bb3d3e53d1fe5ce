// The native kernels give the same bits whatever the thread count: every output element is
// computed in the same order however the work is split. Machines with more cores than this one
// run pool paths (several workers claiming tasks) that a 2-core CI never would; FOLIO_THREADS
// oversubscribes the pool to run them here. The pool is sized once per process, so each count
// runs in a child process.
import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../../framework/engine/native/backend.js';
import { runWithAddon } from '../helpers/native-child.js';

const native = registerNativeBackend();

// Sizes large enough to be split across the pool: a GEMM over several row blocks and k blocks,
// a small and a large linear layer (plain and with GELU) and their gradients, layer norm, GELU,
// attention with dropout, an embedding and its gradient, and AdamW, the gradient norm and
// clipping over many arrays.
const CHILD = `
const { createHash } = await import('node:crypto');
const hash = createHash('sha256');
const record = (...arrays) => arrays.forEach((a) => hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));

const [m, k, n] = [300, 530, 200];
const a = random(m * k), b = random(k * n), c = new Float32Array(m * n);
addon.matmul(a, b, c, 1, m, n, k, false, true, 0, 0);
record(c);

for (const [rows, inputs, outputs] of [[768, 128, 384], [200, 96, 40]]) {
  const x = random(rows * inputs), w = random(inputs * outputs), bias = random(outputs), y = new Float32Array(rows * outputs);
  addon.linear(x, w, bias, y, rows, inputs, outputs);
  const dx = new Float32Array(rows * inputs), dw = new Float32Array(inputs * outputs), db = new Float32Array(outputs);
  addon.linearGrad(random(rows * outputs), x, w, dx, dw, db, rows, inputs, outputs);
  record(y, dx, dw, db);
  const h = new Float32Array(rows * outputs);
  addon.linearGelu(x, w, bias, h, y, rows, inputs, outputs);
  addon.linearGeluGrad(random(rows * outputs), h, x, w, dx, dw, db, rows, inputs, outputs);
  record(h, y, dx, dw, db);
}

const [rows, cols] = [700, 130];
const x = random(rows * cols), gain = random(cols), bias = random(cols);
const y = new Float32Array(rows * cols), mean = new Float32Array(rows), rstd = new Float32Array(rows);
addon.layerNorm(x, gain, bias, y, mean, rstd, rows, cols, 1e-5);
const dx = new Float32Array(rows * cols), dgain = new Float32Array(cols), dbias = new Float32Array(cols);
addon.layerNormGrad(random(rows * cols), x, gain, mean, rstd, dx, dgain, dbias, rows, cols);
const g = new Float32Array(rows * cols), dg = new Float32Array(rows * cols);
addon.gelu(x, g);
addon.geluGrad(y, x, dg);
record(y, mean, rstd, dx, dgain, dbias, g, dg);

const [batch, time, heads, size] = [3, 45, 4, 8];
const qkv = random(batch * time * 3 * heads * size), width = heads * size;
const layout = Int32Array.of(batch * heads, time, size, heads, 3 * width, width);
const out = new Float32Array(batch * time * width), p = new Float32Array(batch * heads * time * time);
const [q, kk, v] = [qkv.subarray(0), qkv.subarray(width), qkv.subarray(2 * width)];
addon.attention(q, kk, v, out, p, layout, 0.35, 0.2, 99);
const dqkv = new Float32Array(qkv.length);
addon.attentionGrad(random(out.length), q, kk, v, p, dqkv.subarray(0), dqkv.subarray(width), dqkv.subarray(2 * width), layout, 0.35, 0.2, 99);
record(out, p, dqkv);

const ids = Int32Array.from({ length: 900 }, (_, i) => (i * 7) % 65);
const table = random(65 * 130), looked = new Float32Array(900 * 130), dtable = new Float32Array(65 * 130);
addon.embedding(ids, table, looked, 65, 130);
addon.embeddingGrad(random(900 * 130), ids, dtable, 65, 130);
record(looked, dtable);

const params = [random(70000), random(33), random(40000)];
const grads = params.map((t) => random(t.length));
const moments = params.map((t) => [random(t.length).map(Math.abs), random(t.length).map(Math.abs)]);
addon.adamw(params, grads, moments.map((m) => m[0]), moments.map((m) => m[1]), Float32Array.of(0.1, 0, 0.1), 1e-3, 0.9, 0.99, 1e-8, 0.1, 0.01);
const norm = addon.sumOfSquares(grads);
addon.scale(grads, 0.5);
record(...params, ...moments.flat(), ...grads, Float64Array.of(norm));

process.stdout.write(JSON.stringify({ threads: addon.info().threads, digest: hash.digest('hex') }));
`;

function digestWith(threads: number): { threads: number; digest: string } {
  return runWithAddon(CHILD, { FOLIO_THREADS: String(threads) });
}

describe.skipIf(!native.ok)('the native kernels on any number of threads', () => {
  it('give bit-for-bit the results of one thread on 2, 3 and 8', () => {
    const one = digestWith(1);
    expect(one.threads).toBe(1);
    for (const threads of [2, 3, 8]) {
      const result = digestWith(threads);
      expect(result.threads).toBe(threads);
      expect(result.digest, `${threads} threads`).toBe(one.digest);
    }
  });
});
