// Samples of several runs at one step, in columns: the steps every run has a sample at, and each
// run's text wrapped into its column.
import { printable } from '../format.js';
import type { ComparedRun } from './comparison.js';

/** Steps at which every run recorded a sample, ascending. */
export function commonSampleSteps(runs: readonly ComparedRun[]): number[] {
  if (runs.length === 0) return [];
  const [first, ...rest] = runs.map((run) => new Set(run.samples.map((sample) => sample.step)));
  return [...first!].filter((step) => rest.every((steps) => steps.has(step))).sort((a, b) => a - b);
}

/** Lines of `columns` texts side by side, each wrapped to `width`, separated by " │ ". */
export function sideBySide(texts: readonly string[], width: number): string[] {
  const wrapped = texts.map((text) => wrap(printable(text), width));
  const height = Math.max(0, ...wrapped.map((lines) => lines.length));
  return Array.from({ length: height }, (_, row) => wrapped.map((lines) => pad(lines[row] ?? '', width)).join(' │ ').trimEnd());
}

/** The sample text of `run` at `step` (its first one there). */
export function sampleAt(run: ComparedRun, step: number): string {
  return run.samples.find((sample) => sample.step === step)?.text ?? '';
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const chars = [...line];
    if (chars.length === 0) lines.push('');
    for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  }
  return lines;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}
