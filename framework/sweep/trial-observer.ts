// What an executor says of one trial (started, metrics, ended), turned into the study's record and
// the reporter's events; it prunes the trial when the study says so.
import type { SweepReporter } from './events.js';
import type { TrialHandle, TrialListener, TrialOutcome } from './executor.js';
import type { Study, StudyTrial } from './study.js';
import type { TrialStatus } from './types.js';

export class TrialObserver implements TrialListener {
  /** The trial's run in the store, once it started. */
  private runId = -1;
  /** How to prune it: set as soon as the executor has started it. */
  handle: TrialHandle | undefined;

  constructor(
    private readonly study: Study,
    private readonly trial: StudyTrial,
    private readonly reporter: SweepReporter,
    /** Called once the trial has ended and been reported. */
    private readonly onEnded: (trial: StudyTrial) => void,
  ) {}

  started(runId: number, maxSteps: number, maxMinutes?: number): void {
    this.runId = runId;
    this.study.started(this.trial);
    const { key, point, seed } = this.trial.trial;
    const budget = maxMinutes === undefined ? {} : { maxMinutes };
    this.reporter.report({ kind: 'trial-start', trialKey: key, runId, point, seed, maxSteps, ...budget });
  }

  metrics(step: number, values: Record<string, number>): void {
    const prune = this.study.observe(this.trial, step, values);
    const { value } = this.trial.result;
    // Every logged step moves the trial along, whether or not it logged the sweep's metric.
    this.reporter.report({ kind: 'trial-progress', trialKey: this.trial.key, runId: this.runId, step, ...(value === undefined ? {} : { value }) });
    if (prune) this.handle?.prune();
  }

  ended(outcome: TrialOutcome): void {
    const status = outcome.status as TrialStatus;
    this.study.tell(this.trial, status);
    const { value } = this.trial.result;
    this.reporter.report({
      kind: 'trial-end', trialKey: this.trial.key, runId: outcome.runId, status, step: outcome.step,
      ...(value === undefined ? {} : { value }), ...(outcome.error ? { error: outcome.error } : {}),
    });
    this.onEnded(this.trial);
  }
}
