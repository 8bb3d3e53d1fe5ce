// Plain-text tables as the store-reading commands print them.
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../framework/present/table.js';

describe('formatTable', () => {
  it('pads columns, right-aligns numeric ones and trims line ends', () => {
    const table = formatTable(['name', 'loss', 'note'], [
      ['a', '1.5', 'x'],
      ['longer', '10.25', ''],
      ['b', '-', 'yy'],
    ]);
    expect(table).toBe(['name     loss  note', 'a         1.5  x', 'longer  10.25', 'b           -  yy', ''].join('\n'));
  });

  it('copes with short rows and no rows', () => {
    expect(formatTable(['a', 'b'], [['1']])).toBe('a  b\n1\n');
    expect(formatTable(['a', 'bb'], [])).toBe('a  bb\n');
  });
});
