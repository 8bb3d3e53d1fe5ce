// Recycled output buffers for the native backend. Fresh multi-megabyte Float32Arrays cost page
// faults and kernel zeroing on first touch, which serialise threads; a training step allocates
// the same sizes every time, so kernels reuse the buffers of disposed tensors instead.
import { totalmem } from 'node:os';

/**
 * A pool of free buffers by length, holding at most `capacity` bytes: past it, the buffers freed
 * longest ago go to the garbage collector first, so sizes a run no longer uses (an evaluation's,
 * a sample's) do not stay held.
 */
export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>(); // by length, the latest freed last
  private readonly byAge = new Set<Float32Array>(); // every free buffer, the earliest freed first
  private readonly owned = new WeakSet<Float32Array>();
  private bytes = 0;

  constructor(private readonly capacity: number) {}

  /** A buffer of `length` floats with arbitrary contents: only for kernels that write every element. */
  take(length: number): Float32Array {
    const reused = this.free.get(length)?.pop();
    if (reused !== undefined) {
      this.byAge.delete(reused);
      this.bytes -= reused.byteLength;
      return reused;
    }
    const fresh = new Float32Array(length);
    this.owned.add(fresh);
    return fresh;
  }

  /** Whether `values` came from take(), so that it may be given back (and must be copied on read). */
  owns(values: unknown): values is Float32Array {
    return values instanceof Float32Array && this.owned.has(values);
  }

  /** Takes back a buffer from take() whose tensor was disposed. */
  giveBack(values: Float32Array): void {
    if (values.byteLength > this.capacity) return;
    while (this.bytes + values.byteLength > this.capacity) this.dropEarliest();
    let list = this.free.get(values.length);
    if (list === undefined) this.free.set(values.length, (list = []));
    list.push(values);
    this.byAge.add(values);
    this.bytes += values.byteLength;
  }

  /** Bytes held in free buffers. */
  get heldBytes(): number {
    return this.bytes;
  }

  private dropEarliest(): void {
    const earliest = this.byAge.values().next().value as Float32Array;
    this.byAge.delete(earliest);
    // Within one length, buffers are listed in the order they were freed: the earliest is first.
    this.free.get(earliest.length)!.shift();
    this.bytes -= earliest.byteLength;
  }
}

// Half the machine's memory, up to 16 GB. The lecture model's step allocates about 6 GB, all of
// it live at the end of the backward pass; kept for the next step, its step takes 3.6 s, against
// 4.6 s when 4 GB were kept and 7.1 s with 512 MB, for the same peak memory (6.6-6.7 GB): the
// buffers kept are the ones the next step would otherwise allocate again.
const pool = new BufferPool(Math.min(16 * 1024 ** 3, totalmem() / 2));

/** A buffer of `length` floats with arbitrary contents: only for kernels that write every element. */
export function output(length: number): Float32Array {
  return pool.take(length);
}

/** Whether `values` came from output(), so that it may be recycled (and must be copied on read). */
export function isPooled(values: unknown): values is Float32Array {
  return pool.owns(values);
}

/** Takes back a buffer from output() whose tensor was disposed. */
export function recycle(values: Float32Array): void {
  pool.giveBack(values);
}
