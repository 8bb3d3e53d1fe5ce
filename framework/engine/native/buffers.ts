// Recycled output buffers for the native backend. Fresh multi-megabyte Float32Arrays cost page
// faults and kernel zeroing on first touch, which serialise threads; a training step allocates
// the same sizes every time, so kernels reuse the buffers of disposed tensors instead.
import { totalmem } from 'node:os';

// The cap on free buffers kept. The lecture model's step frees gigabytes of activations; with
// 512 MB kept, refilling them from fresh memory made its step 7.1 s instead of 5.3 s, for the
// same peak memory (6.7 GB either way: the buffers kept are the ones the next step needs).
const MAX_POOLED_BYTES = Math.min(4 * 1024 ** 3, totalmem() / 4);

const free = new Map<number, Float32Array[]>();
const owned = new WeakSet<Float32Array>();
let pooledBytes = 0;

/** A buffer of `length` floats with arbitrary contents: only for kernels that write every element. */
export function output(length: number): Float32Array {
  const reused = free.get(length)?.pop();
  if (reused !== undefined) {
    pooledBytes -= reused.byteLength;
    return reused;
  }
  const fresh = new Float32Array(length);
  owned.add(fresh);
  return fresh;
}

/** Whether `values` came from output(), so that it may be recycled (and must be copied on read). */
export function isPooled(values: unknown): values is Float32Array {
  return values instanceof Float32Array && owned.has(values);
}

/** Takes back a buffer from output() whose tensor was disposed. */
export function recycle(values: Float32Array): void {
  if (pooledBytes + values.byteLength > MAX_POOLED_BYTES) return; // let the GC have it
  let list = free.get(values.length);
  if (list === undefined) free.set(values.length, (list = []));
  list.push(values);
  pooledBytes += values.byteLength;
}
