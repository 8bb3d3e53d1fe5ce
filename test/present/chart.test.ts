import { describe, expect, it } from 'vitest';
import { chartText, formatTick, plotChart } from '../../framework/present/chart/plot.js';

const falling = { marker: '*', color: 'cyan', points: [0, 1, 2, 3, 4].map((x) => ({ x: x * 100, y: 4 - x })) };
const flat = { marker: 'o', color: 'magenta', points: [0, 4].map((x) => ({ x: x * 100, y: 2 })) };

describe('plotChart', () => {
  it('draws each series with its marker between labelled axes', () => {
    const lines = chartText(plotChart([falling, flat], { width: 30, height: 5, mode: 'marker' })).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^4┤\*/); // the top label is the highest value, where the first point is
    expect(lines[2]).toMatch(/^2┤o+$/); // where they cross, the series drawn later is on top
    expect(lines[4]).toMatch(/^0┤ +\*+$/); // the last point at the right end
    expect(lines[5]).toBe(` └${'─'.repeat(28)}`);
    expect(lines[6]).toMatch(/^ {2}0 +200 +400$/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(30);
  });

  it('draws Braille dots coloured by series', () => {
    const lines = plotChart([falling], { width: 20, height: 4, mode: 'braille' });
    const plotted = lines.slice(0, 4).flatMap((line) => line.slice(1));
    expect(plotted.every((segment) => segment.color === 'cyan' || segment.text.trim() === '')).toBe(true);
    expect(plotted.map((segment) => segment.text).join('')).toMatch(/[\u2801-\u28ff]/);
  });

  it('shows a band under a curve, dimmed where no curve passes', () => {
    const banded = { marker: '*', points: [0, 1, 2].map((x) => ({ x, y: 2, low: 1, high: 3 })) };
    const lines = plotChart([banded], { width: 12, height: 5, mode: 'marker' });
    const text = chartText(lines).split('\n');
    expect(text[0]).toContain('·');
    expect(text[2]).toMatch(/\*+$/);
    expect(lines[0]!.some((segment) => segment.dim && segment.text.includes('·'))).toBe(true);
  });

  it('spaces decades evenly on a log scale and leaves out what it cannot show', () => {
    const decades = { marker: '*', points: [{ x: 0, y: 100 }, { x: 1, y: 10 }, { x: 2, y: 1 }, { x: 3, y: 0 }] };
    const text = chartText(plotChart([decades], { width: 20, height: 3, logY: true, mode: 'marker' })).split('\n');
    expect(text[0]).toMatch(/^100┤\*/);
    expect(text[1]).toMatch(/^ 10┤ +\*/);
    expect(text[2]).toMatch(/^ {2}1┤ +\*+$/);
  });

  it('breaks the line at NaN and says so when there is nothing to plot', () => {
    const gap = { marker: '*', points: [{ x: 0, y: 2 }, { x: 1, y: NaN }, { x: 2, y: 2 }, { x: 3, y: 1 }] };
    const row = chartText(plotChart([gap], { width: 12, height: 2, mode: 'marker' })).split('\n')[0]!;
    expect(row).toMatch(/^2┤\* +\*+$/);
    expect(chartText(plotChart([{ marker: '*', points: [] }], { width: 20, height: 3, mode: 'marker' }))).toBe('no values to plot yet');
  });

  it('labels ticks with three significant digits', () => {
    expect([formatTick(1.7432), formatTick(0.000123), formatTick(25000), formatTick(0)]).toEqual(['1.74', '1.2e-4', '2.5e+4', '0']);
  });
});
