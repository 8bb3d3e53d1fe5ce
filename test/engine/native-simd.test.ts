// Each GEMM micro-kernel (AVX-512, AVX2/FMA, portable) against a plain double-precision
// product. The addon picks its kernel once, when it loads, so each one runs in a child process
// with FOLIO_SIMD capping the instruction set.
import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../../framework/engine/native/backend.js';
import { runWithAddon } from '../helpers/native-child.js';

const native = registerNativeBackend();

// Shapes cross every blocking edge: partial micro-tiles, k beyond one KC block (256), one-row
// and one-column products, and sizes large enough to run on the thread pool.
const CHILD = `
let worst = 0;
for (const [m, k, n] of [[1, 1, 1], [13, 300, 45], [100, 520, 70], [37, 17, 129], [1, 64, 96], [96, 64, 1]]) {
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
    const a = random(m * k), b = random(k * n), out = new Float32Array(m * n);
    addon.matmul(a, b, out, 1, m, n, k, ta, tb, 0, 0);
    let diff = 0, scale = 1e-6;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
      diff = Math.max(diff, Math.abs(out[i * n + j] - sum));
      scale = Math.max(scale, Math.abs(sum));
    }
    worst = Math.max(worst, diff / scale);
  }
}
// linear(): the bias added as full micro-tiles are written out (and as edge tiles are), on one
// k block and on several (k = 300: the later ones add into what the first wrote).
for (const [rows, inputs, outputs] of [[48, 96, 288], [50, 40, 70], [30, 300, 64]]) {
  const x = random(rows * inputs), w = random(inputs * outputs), bias = random(outputs), y = new Float32Array(rows * outputs);
  addon.linear(x, w, bias, y, rows, inputs, outputs);
  let diff = 0, scale = 1e-6;
  for (let i = 0; i < rows; i++) for (let j = 0; j < outputs; j++) {
    let sum = bias[j];
    for (let p = 0; p < inputs; p++) sum += x[i * inputs + p] * w[p * outputs + j];
    diff = Math.max(diff, Math.abs(y[i * outputs + j] - sum));
    scale = Math.max(scale, Math.abs(sum));
  }
  worst = Math.max(worst, diff / scale);
}
process.stdout.write(JSON.stringify({ simd: addon.info().simd, error: worst }));
`;

function runKernel(simd: string): { simd: string; error: number } {
  return runWithAddon(CHILD, { FOLIO_SIMD: simd });
}

describe.skipIf(!native.ok)('every GEMM micro-kernel', () => {
  // Asking for more than the CPU has falls back to the best it does have.
  const allowed: Record<string, string[]> = {
    avx512: ['avx512', 'avx2', 'portable'],
    avx2: ['avx2', 'portable'],
    portable: ['portable'],
  };

  for (const simd of Object.keys(allowed)) {
    it(`${simd}: matches a double-precision product in all transpose variants, and with a bias`, () => {
      const result = runKernel(simd);
      expect(allowed[simd]).toContain(result.simd);
      expect(result.error).toBeLessThanOrEqual(1e-5);
    });
  }
});
