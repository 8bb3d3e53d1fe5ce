// RoPE as the attention relies on it: position 0 is left alone, each pair of channels is rotated
// (lengths kept), and a query·key product depends only on how far apart the two tokens are.
import { describe, expect, it } from 'vitest';
import { applyRotary } from '../../framework/engine/rotary.js';
import { tf } from '../../framework/engine/tf.js';

const HEAD = 4; // two heads of 4 channels side by side
const WIDTH = 8;

/** The same vector at every one of `time` positions, rotated: (T, C) values. */
function rotatedAt(vector: number[], time: number): number[][] {
  const x = tf.tensor3d([Array.from({ length: time }, () => vector)], [1, time, WIDTH]);
  return (applyRotary(x, HEAD).arraySync() as number[][][])[0]!;
}

const headDot = (a: number[], b: number[], head: number) =>
  a.slice(head * HEAD, (head + 1) * HEAD).reduce((sum, value, i) => sum + value * b[head * HEAD + i]!, 0);

describe('applyRotary', () => {
  const q = [0.3, -1.2, 0.5, 2.0, 1.1, 0.4, -0.7, 0.9];
  const k = [-0.6, 0.8, 1.5, -0.2, 0.2, -1.3, 0.6, 0.1];

  it('leaves position 0 as it is and keeps the length of every channel pair', () => {
    const rq = rotatedAt(q, 8);
    rq[0]!.forEach((value, c) => expect(value).toBeCloseTo(q[c]!, 6));
    for (const head of [0, 1]) {
      for (const i of [0, 1]) {
        const [a, b] = [head * HEAD + i, head * HEAD + i + HEAD / 2];
        expect(Math.hypot(rq[5]![a]!, rq[5]![b]!)).toBeCloseTo(Math.hypot(q[a]!, q[b]!), 5);
      }
    }
    expect(rq[5]).not.toEqual(rq[0]);
  });

  it('makes each head\'s query·key depend only on the distance between positions', () => {
    const [rq, rk] = [rotatedAt(q, 8), rotatedAt(k, 8)];
    for (const head of [0, 1]) {
      expect(headDot(rq[3]!, rk[1]!, head)).toBeCloseTo(headDot(rq[7]!, rk[5]!, head), 5);
      expect(headDot(rq[2]!, rk[2]!, head)).toBeCloseTo(headDot(q, k, head), 5);
      expect(headDot(rq[4]!, rk[1]!, head)).not.toBeCloseTo(headDot(rq[3]!, rk[1]!, head), 3);
    }
  });
});
