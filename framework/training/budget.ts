// How long a run trains: train.max_iters steps, or train.max_minutes of wall time if that
// runs out first. Under a time budget the learning-rate schedule follows the clock, so that
// a run cut short by time still ends its decay instead of stopping at a high learning rate.

export interface BudgetSettings {
  maxIters: number;
  /** Wall-time budget in minutes, counted from the start of training (evaluations included). */
  maxMinutes?: number;
}

export class TrainingBudget {
  private readonly budgetMs: number;
  private startedAt = 0;

  constructor(
    private readonly settings: BudgetSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.budgetMs = settings.maxMinutes === undefined ? Infinity : settings.maxMinutes * 60_000;
  }

  /** Starts the clock; a resumed run counts the training time it had already spent. */
  start(alreadySpentMs = 0): void {
    this.startedAt = this.now() - alreadySpentMs;
  }

  /** Training time so far (a checkpoint keeps it, so that a resumed run keeps to its budget). */
  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** The fraction of the time budget spent (0 without one). */
  private timeSpent(): number {
    return Number.isFinite(this.budgetMs) ? Math.min(1, this.elapsedMs() / this.budgetMs) : 0;
  }

  /**
   * Where the schedule stands before 0-based step `step`: the step itself, or, when the
   * clock is further along, the same fraction of max_iters as of the time budget spent.
   */
  schedulePosition(step: number): number {
    return Math.max(step, this.timeSpent() * this.settings.maxIters);
  }

  /** Whether `step` (1-based, just finished) is the last one. */
  isLastStep(step: number): boolean {
    return step >= this.settings.maxIters || this.timeSpent() >= 1;
  }
}
