// The progress bar with "250/2000  12%  eta 9m05s" after it; the extras give way on narrow terminals.
import { formatDuration } from '../../../present/format.js';
import { MIN_BAR_CELLS, ProgressLine } from '../../widgets/ProgressLine.js';
import { GAP, type SectionProps } from './shared.js';

export function RunProgress({ state, width }: SectionProps) {
  const max = state.maxIters;
  const fraction = max > 0 ? state.step / max : 0;
  const counter = `${String(state.step).padStart(String(max).length)}/${max}`;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const eta = state.status === 'running' ? `eta ${formatDuration(state.etaMs).padStart(5)}` : undefined;
  // Keep as much as leaves the bar MIN_BAR_CELLS: counter always, then ETA, then percentage.
  const candidates = [
    [counter, percent, eta],
    [counter, eta],
    [counter],
  ].map((parts) => parts.filter((part) => part !== undefined).map((part) => GAP + part).join(''));
  const after = candidates.find((text) => width - text.length >= MIN_BAR_CELLS) ?? candidates.at(-1)!;
  return <ProgressLine fraction={fraction} width={width} text={after} />;
}
