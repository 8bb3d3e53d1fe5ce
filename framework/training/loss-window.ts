// The losses of the steps since the last read, kept on the device, and the log window they add to.
// Reading them all at once, only at a step that logs, evaluates, samples or checkpoints, keeps a
// GPU busy: each read waits for every queued kernel.
import { tf } from '../engine/tf.js';
import type { LoopWindow } from './checkpoint/training-state.js';
import { readScalars } from './read.js';
import type { StepTensors } from './step.js';

/** The first non-finite loss: the step it came from and its learning rate. */
export interface Divergence {
  step: number;
  loss: number;
  lr: number;
}

const EMPTY: LoopWindow = { loss: 0, ms: 0, steps: 0 };

export class LossWindow {
  /** What the steps since the last logged one add up to (a checkpoint keeps it, so a resumed run logs the same means). */
  window: LoopWindow;
  /** The pre-clip gradient norm of the latest step, read only when a step is logged. */
  gradNorm: tf.Scalar | undefined;
  private unread: tf.Scalar[] = [];
  private unreadLrs: number[] = [];
  /** When the first unread step started (performance.now()). */
  private since = performance.now();

  constructor(resumed?: LoopWindow) {
    this.window = resumed ?? EMPTY;
  }

  add(tensors: StepTensors, lr: number): void {
    this.unread.push(tensors.loss);
    this.unreadLrs.push(lr);
    this.gradNorm?.dispose();
    this.gradNorm = tensors.gradNorm;
  }

  /** Reads the unread losses of the steps up to `step` in one transfer into the window; returns the first non-finite one. */
  async settle(step: number): Promise<Divergence | undefined> {
    const losses = await readScalars(this.unread);
    tf.dispose(this.unread);
    const lrs = this.unreadLrs;
    this.unread = [];
    this.unreadLrs = [];
    const firstStep = step - losses.length + 1;
    const bad = losses.findIndex((loss) => !Number.isFinite(loss));
    if (bad >= 0) return { step: firstStep + bad, loss: losses[bad]!, lr: lrs[bad]! };
    this.window = {
      loss: this.window.loss + losses.reduce((a, b) => a + b, 0),
      ms: this.window.ms + (performance.now() - this.since),
      steps: this.window.steps + losses.length,
    };
    return undefined;
  }

  /** The window was logged: the next one starts empty. */
  logged(): void {
    this.window = EMPTY;
  }

  /** Step time counts from now: evaluation, sampling and checkpoints are not step time. */
  restartClock(): void {
    this.since = performance.now();
  }

  dispose(): void {
    tf.dispose([...this.unread, ...(this.gradNorm === undefined ? [] : [this.gradNorm])]);
  }
}
