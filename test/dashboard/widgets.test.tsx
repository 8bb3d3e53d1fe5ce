import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ProgressBar, progressCells } from '../../framework/dashboard/widgets/ProgressBar.js';
import { Rule } from '../../framework/dashboard/widgets/Rule.js';
import { Sparkline, sparkline } from '../../framework/dashboard/widgets/Sparkline.js';

describe('sparkline', () => {
  it('scales values between their min and max', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([4, 0], 10)).toBe('█▁');
  });

  it('keeps only the last `width` values', () => {
    expect(sparkline([100, 1, 2], 2)).toBe('▁█');
    expect(sparkline([1, 2, 3], 0)).toBe('');
  });

  it('handles flat, empty and non-finite series', () => {
    expect(sparkline([2, 2, 2], 5)).toBe('▄▄▄');
    expect(sparkline([], 5)).toBe('');
    expect(sparkline([1, NaN, 2], 5)).toBe('▁×█');
  });

  it('renders as a component', () => {
    expect(stripVTControlCharacters(render(<Sparkline values={[1, 8]} width={4} />).lastFrame()!)).toBe('▁█');
  });
});

describe('progress bar', () => {
  it('always takes exactly `width` cells', () => {
    for (const fraction of [0, 0.01, 0.125, 1 / 3, 0.5, 0.999, 1, 2, -1, NaN]) {
      const { filled, empty } = progressCells(fraction, 17);
      expect([...(filled + empty)]).toHaveLength(17);
    }
  });

  it('fills by eighths of a cell', () => {
    expect(progressCells(0.5, 4)).toEqual({ filled: '██', empty: '░░' });
    expect(progressCells(0.0625, 2)).toEqual({ filled: '▏', empty: '░' });
    expect(progressCells(1, 3)).toEqual({ filled: '███', empty: '' });
  });

  it('renders as a component', () => {
    expect(stripVTControlCharacters(render(<ProgressBar fraction={0.25} width={8} />).lastFrame()!)).toBe('██░░░░░░');
  });
});

describe('Rule', () => {
  it('draws a titled rule across the width', () => {
    expect(stripVTControlCharacters(render(<Rule width={20} title="sample" />).lastFrame()!)).toBe(
      '── sample ──────────',
    );
  });
});
