// The PyTorch reference (../shared/anchors/gpt_ref.py), run beside Folio on the same machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { median } from './run-config.js';

export interface ReferenceShape {
  n_layer: number;
  n_head: number;
  n_embd: number;
  block_size: number;
  batch_size: number;
  dropout: number;
}

const PYTHON = '/usr/bin/python3';

/** Why the reference cannot run here, or undefined when it can. */
export function referenceUnavailable(script: string): string | undefined {
  if (!existsSync(script)) return `no ${script}`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'PyTorch is not installed (apt-get install -y python3-torch libopenblas0-pthread)';
}

/** Median ms per training iteration of the reference, after its first (warm-up) iteration. */
export function referenceStepMs(script: string, data: string, shape: ReferenceShape, iters: number, threads: number): number {
  const scratch = mkdtempSync(join(tmpdir(), 'folio-torch-'));
  const out = join(scratch, 'ref.json');
  try {
    const args = [script, '--data', data, '--max_iters', String(iters), '--eval_interval', '0', '--threads', String(threads), '--json_out', out,
      '--learning_rate', '1e-3', ...Object.entries(shape).flatMap(([key, value]) => [`--${key}`, String(value)])];
    const result = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`the PyTorch reference failed: ${result.stderr.slice(-500)}`);
    const { step_ms: stepMs } = JSON.parse(readFileSync(out, 'utf8')) as { step_ms: number[] };
    return median(stepMs.slice(1));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** GFLOP/s of PyTorch's (OpenBLAS) float32 n x n matmul, for comparison. */
export function referenceMatmulGflops(n: number, threads: number): number {
  const code = `
import time, torch
torch.set_num_threads(${threads})
a = torch.randn(${n}, ${n}); b = torch.randn(${n}, ${n})
for _ in range(2): a @ b
best = 1e9
for _ in range(5):
    t = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t)
print(2 * ${n} ** 3 / best / 1e9)`;
  const result = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`PyTorch matmul failed: ${result.stderr.slice(-300)}`);
  return Number(result.stdout.trim());
}

/** PyTorch's version and the BLAS Debian's alternatives point it at (e.g. "1.13.0a0, openblas-pthread"), for the tables. */
export function torchVersion(): string {
  const result = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  const version = result.status === 0 ? result.stdout.trim() : 'unknown';
  const alternative = '/etc/alternatives/libblas.so.3-x86_64-linux-gnu';
  const blas = existsSync(alternative) ? basename(dirname(realpathSync(alternative))) : 'BLAS unknown';
  return `${version}, ${blas}`;
}
