// The native backend's pool of freed output buffers: reuse by length, and a bounded size that
// lets go of the buffers freed longest ago first.
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../framework/engine/native/buffers.js';

describe('the output buffer pool', () => {
  it('hands a freed buffer back out for the same length, and a fresh one otherwise', () => {
    const pool = new BufferPool(1024);
    const first = pool.take(16);
    expect(pool.owns(first)).toBe(true);
    expect(pool.owns(new Float32Array(16))).toBe(false);
    pool.giveBack(first);
    expect(pool.heldBytes).toBe(64);
    expect(pool.take(8)).not.toBe(first);
    expect(pool.take(16)).toBe(first);
    expect(pool.heldBytes).toBe(0);
  });

  it('lets go of the buffers freed earliest when it would hold more than its capacity', () => {
    const pool = new BufferPool(3 * 64); // three buffers of 16 floats
    const [a, b, c, d] = [pool.take(16), pool.take(16), pool.take(16), pool.take(16)];
    for (const buffer of [a, b, c, d]) pool.giveBack(buffer);
    expect(pool.heldBytes).toBe(3 * 64);
    const handedOut = [pool.take(16), pool.take(16), pool.take(16), pool.take(16)];
    expect(handedOut.slice(0, 3)).toEqual([d, c, b]); // the latest freed first; `a` was let go
    expect(handedOut[3]).not.toBe(a);
  });

  it('makes room across lengths, and never keeps a buffer larger than its capacity', () => {
    const pool = new BufferPool(100 * 4);
    const small = pool.take(10);
    const large = pool.take(80);
    pool.giveBack(small);
    pool.giveBack(large);
    pool.giveBack(pool.take(20)); // 10 + 80 + 20 floats do not fit: `small`, freed earliest, goes
    expect(pool.take(10)).not.toBe(small);
    expect(pool.take(80)).toBe(large);
    pool.giveBack(pool.take(200));
    expect(pool.heldBytes).toBe(20 * 4);
  });
});
