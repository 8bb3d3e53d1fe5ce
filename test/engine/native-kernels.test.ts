// Every native kernel against tfjs's JavaScript reference backend, forward and gradient, on odd
// shapes: sizes that are not multiples of the SIMD width, size-1 and empty dimensions.
import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../../framework/engine/native/backend.js';
import { causalAttention, causalSelfAttention, crossEntropy, dropout, embed, gelu, layerNorm, linear, linearGelu } from '../../framework/engine/ops.js';
import { servicesWithoutRun } from '../../framework/container/run-services.js';
import { Rng } from '../../framework/engine/rng.js';
import adamw from '../../components/optimizer/adamw.js';
import { tf } from '../../framework/engine/tf.js';

tf.env().set('PROD', true); // no install-tfjs-node banner
const native = registerNativeBackend();
const rng = new Rng(2024);

function random(shape: number[], positive = false): { values: Float32Array; shape: number[] } {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, values: Float32Array.from({ length: size }, () => (positive ? 0.1 + rng.next() : rng.next() * 2 - 1)) };
}

type Inputs = ReturnType<typeof random>[];

type Op = (...xs: tf.Tensor[]) => tf.Tensor;

/**
 * Runs `f` on fresh tensors of `inputs` under `backend`: its output, and the gradients of
 * sum(f(inputs) * weights) for each input (random weights make every output element count).
 */
async function evaluate(backend: string, inputs: Inputs, f: Op, weights: Float32Array, withGradients: boolean) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = inputs.map((input) => tf.tensor(input.values, input.shape));
    const out = f(...xs);
    const weighted = (...ys: tf.Tensor[]) => tf.sum(tf.mul(f(...ys), tf.tensor(weights, out.shape)));
    const grads = withGradients ? tf.grads(weighted)(xs) : [];
    return { out: out.dataSync().slice() as Float32Array, shape: out.shape, grads: grads.map((g) => g.dataSync().slice() as Float32Array) };
  });
}

/** max |a - b| / max(max |b|, 1e-6): error relative to the size of the reference values. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / scale;
}

async function compare(name: string, inputs: Inputs, f: Op, { tolerance = 1e-5, gradients = true } = {}) {
  await tf.setBackend('cpu');
  const outputSize = tf.tidy(() => f(...inputs.map((input) => tf.tensor(input.values, input.shape))).size);
  const weights = random([outputSize]).values;
  const reference = await evaluate('cpu', inputs, f, weights, gradients);
  const candidate = await evaluate('native', inputs, f, weights, gradients);
  expect(candidate.shape, name).toEqual(reference.shape);
  expect(candidate.out.length, name).toBe(reference.out.length);
  expect(relativeError(candidate.out, reference.out), `${name} forward`).toBeLessThanOrEqual(tolerance);
  reference.grads.forEach((g, i) => expect(relativeError(candidate.grads[i]!, g), `${name} gradient ${i}`).toBeLessThanOrEqual(tolerance));
}

describe.skipIf(!native.ok)('native kernels match the cpu backend', () => {
  it('matMul in all transpose variants, batched and broadcast, on odd sizes', async () => {
    for (const [m, k, n] of [[1, 1, 1], [7, 19, 33], [65, 130, 17], [6, 16, 8], [3, 0, 5], [25, 300, 40]]) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        const a = random(ta ? [k!, m!] : [m!, k!]);
        const b = random(tb ? [n!, k!] : [k!, n!]);
        await compare(`matMul ${m}x${k}x${n} ${ta} ${tb}`, [a, b], (x, y) => tf.matMul(x!, y!, ta, tb));
      }
    }
    await compare('batched', [random([5, 9, 13]), random([5, 13, 3])], (x, y) => tf.matMul(x!, y!));
    await compare('batched, transposed', [random([4, 13, 9]), random([4, 3, 13])], (x, y) => tf.matMul(x!, y!, true, true));
    // tfjs has no gradient for a broadcast batch, on any backend: forward only.
    await compare('broadcast batch', [random([1, 9, 13]), random([3, 13, 4])], (x, y) => tf.matMul(x!, y!), { gradients: false });
  });

  it('binary ops with broadcasting', async () => {
    const pairs: [number[], number[]][] = [[[17], [17]], [[3, 17], [17]], [[3, 1], [3, 17]], [[2, 3, 5], [3, 1]], [[1], [4, 9]], [[2, 0, 3], [3]], [[], []]];
    for (const [sa, sb] of pairs) {
      await compare(`add ${sa} ${sb}`, [random(sa), random(sb)], (x, y) => tf.add(x!, y!));
      await compare(`sub ${sa} ${sb}`, [random(sa), random(sb)], (x, y) => tf.sub(x!, y!));
      await compare(`mul ${sa} ${sb}`, [random(sa), random(sb)], (x, y) => tf.mul(x!, y!));
      await compare(`div ${sa} ${sb}`, [random(sa), random(sb, true)], (x, y) => tf.div(x!, y!));
      // tfjs's maximum/minimum gradients do not reduce over broadcast dims (on any backend).
      const gradients = sa.join() === sb.join();
      await compare(`maximum ${sa} ${sb}`, [random(sa), random(sb)], (x, y) => tf.maximum(x!, y!), { gradients });
      await compare(`minimum ${sa} ${sb}`, [random(sa), random(sb)], (x, y) => tf.minimum(x!, y!), { gradients });
    }
  });

  it('unary ops', async () => {
    const unary: [string, (x: tf.Tensor) => tf.Tensor, boolean?][] = [
      ['neg', tf.neg], ['exp', tf.exp], ['log', tf.log, true], ['sqrt', tf.sqrt, true], ['rsqrt', tf.rsqrt, true],
      ['square', tf.square], ['tanh', tf.tanh], ['relu', tf.relu], ['abs', tf.abs], ['sigmoid', tf.sigmoid],
      ['reciprocal', tf.reciprocal, true],
    ];
    for (const shape of [[1], [37], [3, 0], [4, 33]]) {
      for (const [name, f, positive] of unary) await compare(`${name} ${shape}`, [random(shape, positive)], f);
    }
    await compare('step', [random([41])], (x) => tf.step(x!));
  });

  it('reductions over leading and trailing axes, and the rest', async () => {
    const x = random([3, 5, 7]);
    for (const axis of [undefined, 0, 1, 2, -1, [0, 1], [1, 2], [0, 2]]) {
      for (const keepDims of [false, true]) {
        await compare(`sum ${axis} ${keepDims}`, [x], (t) => tf.sum(t!, axis, keepDims));
        await compare(`mean ${axis} ${keepDims}`, [x], (t) => tf.mean(t!, axis, keepDims));
        await compare(`max ${axis} ${keepDims}`, [x], (t) => tf.max(t!, axis, keepDims));
      }
    }
  });

  it('softmax, log-softmax, transpose, split, concat, slice and addN', async () => {
    await compare('softmax', [random([4, 3, 17])], (x) => tf.softmax(x!));
    await compare('logSoftmax', [random([6, 65])], (x) => tf.logSoftmax(x!));
    await compare('transpose', [random([2, 3, 5, 7])], (x) => tf.transpose(x!, [0, 2, 3, 1]));
    await compare('transpose 2d', [random([1, 9])], (x) => tf.transpose(x!));
    await compare('split', [random([5, 12])], (x) => tf.split(x!, [3, -1, 4], 1)[1]!);
    await compare('concat', [random([2, 3, 4]), random([2, 5, 4])], (x, y) => tf.concat([x!, y!], 1));
    await compare('slice', [random([5, 6, 7])], (x) => tf.slice(x!, [1, 2, 0], [3, -1, 4]));
    await compare('addN', [random([3, 7]), random([3, 7]), random([3, 7])], (x, y, z) => tf.addN([x!, y!, z!]));
  });
});

describe.skipIf(!native.ok)('fused native kernels match the composed ops on the cpu backend', () => {
  it('layer norm, with and without bias', async () => {
    for (const [b, t, c] of [[2, 3, 17], [1, 1, 1], [3, 5, 128]]) {
      await compare(`layerNorm ${b}x${t}x${c}`, [random([b!, t!, c!]), random([c!]), random([c!])], (x, g, bias) =>
        layerNorm(x as tf.Tensor3D, g as tf.Tensor1D, bias as tf.Tensor1D));
      await compare(`layerNorm no bias ${c}`, [random([b!, t!, c!]), random([c!])], (x, g) => layerNorm(x as tf.Tensor3D, g as tf.Tensor1D));
    }
  });

  it('linear layers, with the bias added in the product, and without', async () => {
    // 300 inputs span two of the product's k blocks (256 each): the bias must go in once.
    for (const [b, t, inputs, outputs] of [[1, 1, 1, 1], [2, 3, 7, 33], [3, 5, 300, 17], [2, 4, 0, 5], [1, 2, 13, 0]]) {
      const x = random([b!, t!, inputs!]);
      const w = random([inputs!, outputs!]);
      await compare(`linear ${[b, t, inputs, outputs]}`, [x, w, random([outputs!])], (xs, ws, bias) =>
        linear(xs as tf.Tensor3D, ws as tf.Tensor2D, bias as tf.Tensor1D));
      await compare(`linear no bias ${[b, t, inputs, outputs]}`, [x, w], (xs, ws) => linear(xs as tf.Tensor3D, ws as tf.Tensor2D));
    }
  });

  it('linear layers with GELU (the first layer of the MLP), with and without bias', async () => {
    // 300 inputs span two k blocks; 200 rows split between threads; the widths cross micro-tile edges.
    for (const [b, t, inputs, outputs] of [[1, 1, 1, 1], [2, 3, 7, 33], [3, 5, 300, 17], [4, 50, 24, 96], [2, 4, 0, 5]]) {
      const x = random([b!, t!, inputs!]);
      const w = random([inputs!, outputs!]);
      await compare(`linearGelu ${[b, t, inputs, outputs]}`, [x, w, random([outputs!])], (xs, ws, bias) =>
        linearGelu(tf.mul(xs!, 2) as tf.Tensor3D, ws as tf.Tensor2D, bias as tf.Tensor1D));
      await compare(`linearGelu no bias ${[b, t, inputs, outputs]}`, [x, w], (xs, ws) => linearGelu(tf.mul(xs!, 2) as tf.Tensor3D, ws as tf.Tensor2D));
    }
  });

  it('embedding lookups, with ids repeated and out of the table', async () => {
    const ids = [[0, 3, 3, 6], [-1, 7, 2, 3]]; // 7 rows: -1 and 7 look up nothing (zeros)
    await compare('embed', [random([7, 5])], (table) => embed(tf.tensor2d(ids, [2, 4], 'int32'), table as tf.Tensor2D));
  });

  it('GELU', async () => {
    await compare('gelu', [random([7, 33])], (x) => gelu(tf.mul(x!, 4)));
  });

  it('cross-entropy against integer targets', async () => {
    for (const [rows, vocab] of [[1, 2], [5, 7], [37, 65]]) { // tfjs oneHot needs depth >= 2
      const targets = Int32Array.from({ length: rows! }, () => rng.int(vocab!));
      await compare(`crossEntropy ${rows}x${vocab}`, [random([rows!, vocab!])], (logits) =>
        crossEntropy(tf.mul(logits!, 3) as tf.Tensor2D, tf.tensor1d(targets, 'int32')));
    }
  });

  it('causal attention over heads', async () => {
    for (const [heads, time, size] of [[1, 1, 1], [3, 5, 4], [8, 17, 9], [2, 64, 32]]) {
      const shape = [heads!, time!, size!];
      await compare(`attention ${shape}`, [random(shape), random(shape), random(shape)], (q, k, v) =>
        causalAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, 0, false, rng));
    }
  });

  it('multi-head self-attention read in place from the fused (B, T, 3C) projection', async () => {
    // The cpu backend splits and transposes the heads out; native reads them where they are.
    for (const [batch, time, heads, size] of [[1, 1, 1, 1], [2, 5, 3, 4], [3, 17, 2, 9], [2, 64, 4, 32], [1, 77, 2, 8]]) {
      const shape = [batch!, time!, 3 * heads! * size!];
      await compare(`self-attention ${shape} in ${heads} heads`, [random(shape)], (qkv) =>
        causalSelfAttention(qkv as tf.Tensor3D, heads!, 0, false, rng));
    }
  });
});

describe.skipIf(!native.ok)('native dropout', () => {
  it('keeps about 1 - rate of the values, scaled by 1 / (1 - rate), the same mask for the same seed, and masks the gradient alike', async () => {
    await tf.setBackend('native');
    const size = 100_003;
    const [first, again, other, grad] = tf.tidy(() => {
      const ones = tf.ones([size]);
      const weights = tf.range(0, size).div(size);
      const dropped = (seed: number) => dropout(ones, 0.2, true, new Rng(seed)).dataSync().slice() as Float32Array;
      const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(dropout(x, 0.2, true, new Rng(5)), weights)))(ones);
      return [dropped(5), dropped(5), dropped(6), gradient.dataSync().slice() as Float32Array];
    });
    const kept = first.filter((v) => v !== 0);
    expect(Math.abs(kept.length / size - 0.8)).toBeLessThan(0.01);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.8)]));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    // d/dx sum(dropout(x) * w) = mask * w / keep = dropout(1) * w
    first.forEach((mask, i) => { if (Math.abs(grad[i]! - mask * Math.fround(i / size)) > 1e-6) throw new Error(`gradient ${i}: ${grad[i]} vs ${mask * (i / size)}`); });
    await compare('dropout when not training is the identity', [random([9])], (x) => dropout(x!, 0.5, false, new Rng(1)));
  });
});

/** Whether element `index` survives dropout at `rate`: SplitMix64(seed, index) as a fraction of 2^64, against the rate. */
function keptBySplitMix64(seed: number, index: number, rate: number): boolean {
  const mask = (1n << 64n) - 1n;
  let z = (BigInt(seed) + 0x9e3779b97f4a7c15n * BigInt(index + 1)) & mask;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
  z ^= z >> 31n;
  return Number(z >> 40n) / 2 ** 24 >= Math.fround(rate);
}

describe.skipIf(!native.ok)('native dropout masks', () => {
  it('are SplitMix64 of (seed, element index), whatever the vector width or thread count', async () => {
    // The mask is part of a run's reproducibility: a seed must drop the same elements in every version.
    await tf.setBackend('native');
    const size = 70_001; // over the threading grain, and not a multiple of any vector width
    const seed = new Rng(77).seed(); // the seed dropout() draws from a fresh Rng(77)
    const kept = tf.tidy(() => dropout(tf.ones([size]), 0.3, true, new Rng(77)).dataSync().slice());
    let mismatches = 0;
    for (let i = 0; i < size; i++) if ((kept[i] !== 0) !== keptBySplitMix64(seed, i, 0.3)) mismatches++;
    expect(mismatches).toBe(0);
  });
});

describe.skipIf(!native.ok)('native attention with dropout', () => {
  it('has gradients that match finite differences under a fixed mask, and drops weights', async () => {
    await tf.setBackend('native');
    const shape: [number, number, number] = [2, 6, 4];
    const [q, k, v, w] = [random(shape), random(shape), random(shape), random(shape)].map((r) => tf.tensor3d(r.values, shape));
    // The same seed every call: the same mask.
    const loss = (a: tf.Tensor3D, b: tf.Tensor3D, c: tf.Tensor3D) => tf.sum(tf.mul(causalAttention(a, b, c, 0.3, true, new Rng(9)), w!));
    const withoutDropout = tf.sum(tf.mul(causalAttention(q!, k!, v!, 0, false, new Rng(9)), w!)).dataSync()[0]!;
    expect(loss(q!, k!, v!).dataSync()[0]).not.toBeCloseTo(withoutDropout, 3);
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => loss(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D))([q!, k!, v!]);
    const inputs = [q!, k!, v!];
    for (let which = 0; which < 3; which++) {
      const base = inputs[which]!.dataSync().slice() as Float32Array;
      const analytic = grads[which]!.dataSync();
      for (const i of [0, 7, 23, 41]) {
        const at = (delta: number) => {
          const values = base.slice();
          values[i] = base[i]! + delta;
          const moved = inputs.map((t, j) => (j === which ? tf.tensor3d(values, shape) : t));
          return loss(moved[0]!, moved[1]!, moved[2]!).dataSync()[0]!;
        };
        const numeric = (at(1e-2) - at(-1e-2)) / 2e-2;
        expect(Math.abs(numeric - analytic[i]!), `input ${which}[${i}]`).toBeLessThan(2e-3 + 0.02 * Math.abs(analytic[i]!));
      }
    }
  });
});

describe.skipIf(!native.ok)('native AdamW', () => {
  it('updates weights in place exactly as the composed update does, decayed or not', async () => {
    // The first is larger than the kernel's pieces (2^14 elements), so it is split between threads.
    const initial = [random([131, 127]), random([13])];
    const grads = [0, 1, 2].map(() => [random([131, 127]), random([13])]);
    const train = async (backend: string) => {
      await tf.setBackend(backend);
      const params = initial.map((p, i) => {
        const start = tf.tensor(p.values.slice(), p.shape); // cpu-style backends keep the array given
        const variable = tf.variable(start, true, `adamw-${backend}-${i}-${rng.seed()}`);
        start.dispose();
        return { name: `p${i}`, variable, decay: i === 0 };
      });
      const optimizer = adamw.create({ lr: 0.01, betas: [0.9, 0.99], eps: 1e-8, weight_decay: 0.1 }, { rng, configDir: '.', services: servicesWithoutRun('.') });
      for (const step of grads) {
        tf.tidy(() => optimizer.step(params, { p0: tf.tensor(step[0]!.values, step[0]!.shape), p1: tf.tensor(step[1]!.values, step[1]!.shape) }, 0.01));
      }
      const values = params.map((p) => p.variable.dataSync().slice() as Float32Array);
      optimizer.dispose();
      params.forEach((p) => p.variable.dispose());
      return values;
    };
    const reference = await train('cpu');
    const candidate = await train('native');
    reference.forEach((values, i) => expect(relativeError(candidate[i]!, values), `param ${i}`).toBeLessThanOrEqual(1e-5));
    expect(relativeError(candidate[0]!, initial[0]!.values)).toBeGreaterThan(1e-3); // it did move
  });
});

describe('the native addon', () => {
  it('either loads, with its thread count, or says why the native engine is unavailable', () => {
    if (native.ok) expect(native.addon.info().threads).toBeGreaterThanOrEqual(1);
    else expect(native.reason).toMatch(/native engine/);
  });
});
