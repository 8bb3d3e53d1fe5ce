// Progress as plain log lines, one per event, no ANSI codes: for CI, pipes and --plain.
import type { ProgressReporter, RunStarted, TrainingEvent } from '../training/events.js';
import {
  formatDuration,
  formatGradNorm,
  formatLoss,
  formatLr,
  formatParams,
  formatRate,
  formatRunLength,
  formatStepMs,
  nextStepMsAverage,
  printable,
  remainingMs,
  remainingWithinBudgetMs,
  type StepMsAverage,
} from '../present/format.js';

export interface PlainReporterOptions {
  /** Clock for the elapsed time on the end line (tests pass a fake). */
  now?: () => number;
}

/**
 * Writes each event as it comes. The trainer emits step events only at its log interval,
 * so every one is printed. A sample's `text` is the continuation after its `prompt`
 * (what generate() returns); the log shows the two together.
 */
export function createPlainReporter(out: NodeJS.WritableStream, options: PlainReporterOptions = {}): ProgressReporter {
  const now = options.now ?? Date.now;
  let run: RunStarted | undefined;
  let startedAt: number | undefined;
  let stepTime: StepMsAverage | undefined;
  let closing: Promise<void> | undefined;

  const write = (lines: string[]): void => {
    if (closing !== undefined || lines.length === 0) return;
    out.write(lines.map((line) => `${line}\n`).join(''));
  };

  const runLabel = (): string => (run === undefined ? 'run' : `run ${run.runId}`);

  const linesFor = (event: TrainingEvent): string[] => {
    switch (event.kind) {
      case 'start': {
        run = event;
        startedAt = now();
        stepTime = undefined;
        const header =
          `run ${event.runId} ${printable(event.name)} on ${printable(event.backend)}: ` +
          `${formatParams(event.parameterCount)} params, ${formatRunLength(event.maxIters, event.maxMinutes)}, ${event.tokensPerStep} tokens/step`;
        const notes = [event.backendNote, event.initFrom].filter((note) => note !== undefined).map((note) => `  ${printable(note)}`);
        return [header, ...notes];
      }
      case 'step': {
        stepTime = nextStepMsAverage(stepTime, event.step, event.stepMs);
        const parts = [
          run === undefined ? `step ${event.step}` : `step ${stepCounter(event.step, run.maxIters)}`,
          `loss ${formatLoss(event.loss)}`,
          `lr ${formatLr(event.lr)}`,
          `grad ${formatGradNorm(event.gradNorm)}`,
          formatStepMs(event.stepMs),
          formatRate(event.tokensPerSecond),
        ];
        if (run !== undefined) {
          const stepsLeftMs = remainingMs(event.step, run.maxIters, stepTime.average);
          // Only a time budget needs the clock (and tests' fake clocks count its readings).
          const left = run.maxMinutes === undefined ? stepsLeftMs : remainingWithinBudgetMs(stepsLeftMs, run.maxMinutes, now() - (startedAt ?? 0));
          parts.push(`eta ${formatDuration(left)}`);
        }
        return [parts.join('  ')];
      }
      case 'eval':
        return [`eval step ${event.step}: train ${formatLoss(event.trainLoss)}  val ${formatLoss(event.valLoss)}`];
      case 'sample': {
        const body = trimBlankLines(printable(event.prompt + event.text).split('\n'));
        return [`sample step ${event.step}:`, ...body.map((line) => `  ${line}`.trimEnd())];
      }
      case 'end': {
        const elapsed = startedAt === undefined ? '' : ` in ${formatDuration(now() - startedAt)}`;
        const error = event.error === undefined ? '' : `: ${printable(event.error).replace(/\n/g, ' ')}`;
        return [`${runLabel()} ${event.status} at step ${event.step}${elapsed}${error}`];
      }
    }
  };

  return {
    report(event) {
      write(linesFor(event));
    },
    close() {
      // An empty write is a barrier: its callback runs once everything before it has been handed on.
      closing ??= new Promise<void>((resolve) => {
        out.write('', () => resolve());
      });
      return closing;
    },
  };
}

/** "   250/2000": the step right-aligned (at least five wide) so the columns after it stay put. */
function stepCounter(step: number, maxIters: number): string {
  const width = Math.max(5, String(maxIters).length);
  return `${String(step).padStart(width)}/${maxIters}`;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}
