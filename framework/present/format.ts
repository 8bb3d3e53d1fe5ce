// Short, fixed-style renderings of the numbers a training run reports; shared by the plain log, the live view
// and the store-reading commands.

/** "1h02m", "3m05s", "42s"; whole seconds, rounded. Negative or non-finite durations read "--". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${pad2(minutes)}m`;
  if (minutes > 0) return `${minutes}m${pad2(seconds)}s`;
  return `${seconds}s`;
}

/** "2024-05-01 12:03" in local time (with seconds when asked). */
export function formatTime(ms: number, seconds: boolean): string {
  const d = new Date(ms);
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}${seconds ? `:${pad2(d.getSeconds())}` : ''}`;
  return `${date} ${time}`;
}

/** "850 tok/s", "12.3k tok/s", "1.2M tok/s". */
export function formatRate(tokensPerSecond: number): string {
  return `${formatCount(tokensPerSecond, 1)} tok/s`;
}

/** Four decimals; NaN and infinities spelt "nan", "inf", "-inf" so a diverged run still reads plainly. */
export function formatLoss(x: number): string {
  return nonFinite(x) ?? x.toFixed(4);
}

/** "3.00e-4": learning rates span decades, so always scientific with three significant digits. */
export function formatLr(x: number): string {
  return nonFinite(x) ?? x.toExponential(2);
}

/** "0.84"; very small norms switch to scientific ("3.2e-4") rather than collapse to "0.00". */
export function formatGradNorm(x: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  if (x !== 0 && Math.abs(x) < 0.01) return x.toExponential(1);
  return x.toFixed(2);
}

/** "312 ms/step"; under 10 ms keeps one decimal. */
export function formatStepMs(ms: number): string {
  const special = nonFinite(ms);
  if (special !== undefined) return `${special} ms/step`;
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toString()} ms/step`;
}

/** Parameter counts: "0.81M", "12.3M", "1.20B"; below 100k, "45.2k"; below 1000, the integer. */
export function formatParams(count: number): string {
  const special = nonFinite(count);
  if (special !== undefined) return special;
  if (count >= 1e9) return `${(count / 1e9).toFixed(2)}B`;
  if (count >= 1e5) return `${(count / 1e6).toFixed(2)}M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(1)}k`;
  return Math.round(count).toString();
}

/**
 * Makes model-generated text safe to print: tabs become spaces, other control characters
 * (ESC, CR, BEL, ...) become "·", so a sample can never move the cursor or recolour the terminal.
 */
export function printable(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\t/g, '  ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '·');
}

export interface StepMsAverage {
  /** Milliseconds per step; NaN until a usable reading arrives. */
  average: number;
  /** Whether the only reading so far came from step 1. */
  fromFirstStepOnly: boolean;
}

/**
 * One step of the running step-time average behind ETAs: an exponential moving average,
 * except that a first reading taken at step 1 is dropped as soon as a later one arrives,
 * because the first step also pays one-time costs (kernel compilation, warm-up).
 */
export function nextStepMsAverage(previous: StepMsAverage | undefined, step: number, stepMs: number): StepMsAverage {
  if (!Number.isFinite(stepMs) || stepMs < 0) {
    return previous ?? { average: NaN, fromFirstStepOnly: false };
  }
  if (previous === undefined || previous.fromFirstStepOnly || !Number.isFinite(previous.average)) {
    return { average: stepMs, fromFirstStepOnly: step <= 1 };
  }
  return { average: previous.average + STEP_MS_SMOOTHING * (stepMs - previous.average), fromFirstStepOnly: false };
}

/** Milliseconds left at `averageStepMs` per remaining step; NaN when unknown. */
export function remainingMs(step: number, maxIters: number, averageStepMs: number): number {
  if (!Number.isFinite(averageStepMs)) return NaN;
  return Math.max(0, maxIters - step) * averageStepMs;
}

/** "2000 steps", or "100000 steps or 2m00s" for a run with a time budget (train.max_minutes). */
export function formatRunLength(maxIters: number, maxMinutes: number | undefined): string {
  const steps = `${maxIters} steps`;
  return maxMinutes === undefined ? steps : `${steps} or ${formatDuration(maxMinutes * 60_000)}`;
}

export { remainingWithinBudgetMs } from '../training/time-budget.js';

const STEP_MS_SMOOTHING = 0.3;

function formatCount(value: number, digits: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  // Compare after rounding so 999.7 reads "1.0k" rather than "1000".
  if (Math.round(abs) < 1000) return `${sign}${Math.round(abs)}`;
  const thousands = Number((abs / 1e3).toFixed(digits));
  if (thousands < 1000) return `${sign}${thousands.toFixed(digits)}k`;
  const millions = Number((abs / 1e6).toFixed(digits));
  if (millions < 1000) return `${sign}${millions.toFixed(digits)}M`;
  return `${sign}${(abs / 1e9).toFixed(digits)}G`;
}

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return undefined;
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

/** 0 B, 812 B, 14.2 kB, 164.0 MB, 1.2 GB (powers of 1000, as `ls -h --si` and most file managers). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
