// Where a running experiment's numbers and samples go: the store, under its run id.
import type { Reward } from '../registry/alignment.js';
import type { RunRecorder } from '../tracking/store.js';
import type { RunLog } from './trainer.js';

export class StoreRunLog implements RunLog {
  /** The sample generated last (at the final evaluation), printed when the run ends. */
  finalSample: string | undefined;
  private reward: Reward | undefined;
  private readonly sampleScores: Promise<void>[] = [];

  constructor(
    private readonly store: RunRecorder,
    private readonly runId: number,
    /** Told of each logged step's metrics as they are recorded (a trial streams them to its sweep). */
    private readonly onMetrics?: (step: number, values: Record<string, number>) => void,
  ) {}

  /** A run with a reward stores each sample's score beside it, as sample/reward at its step. */
  scoreSamplesWith(reward: Reward | undefined): void {
    this.reward = reward;
  }

  metrics(step: number, values: Record<string, number>): void {
    this.store.logMetrics(this.runId, step, values);
    this.onMetrics?.(step, values);
  }

  sample(step: number, prompt: string, text: string): void {
    this.finalSample = text;
    this.store.logSample(this.runId, step, prompt, text);
    if (this.reward !== undefined) {
      this.sampleScores.push(this.reward.score([text]).then(([score]) => this.store.logMetrics(this.runId, step, { 'sample/reward': score! })));
    }
  }

  heartbeat(): void {
    this.store.heartbeat(this.runId);
  }

  /** Waits for the scores of the samples still being scored. */
  async settled(): Promise<void> {
    await Promise.all(this.sampleScores);
  }
}
