import { describe, expect, it } from 'vitest';
import { cell, terminalSafe } from '../../../src/cli/terminal-safe.js';
import { textTable } from '../../../src/cli/text-table.js';

describe('terminalSafe', () => {
  it('makes control, bidi and zero-width characters visible, and doubles backslashes', () => {
    expect(terminalSafe('a\nb\rc\td\u0000e\u001b[31mf\u007fg\u009bh')).toBe('a\\nb\\rc\\td\\x00e\\x1b[31mf\\x7fg\\x9bh');
    expect(terminalSafe('user\u202egnp.exe\u200b\u2066')).toBe('user\\u{202e}gnp.exe\\u{200b}\\u{2066}');
    expect(terminalSafe('C:\\x41')).toBe('C:\\\\x41');
    expect(terminalSafe('<script>alert(1)</script> 用户')).toBe('<script>alert(1)</script> 用户');
  });

  it('cuts cells, marks empty ones, and quotes leading or trailing spaces', () => {
    expect(cell('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(cell(null)).toBe('-');
    expect(cell('', 5, 'unknown')).toBe('unknown');
    expect(cell(' 0101')).toBe('" 0101"');
  });

  it('lays out a table with one line per row, whatever the cells held', () => {
    const t = textTable(
      ['USER', 'N'],
      [
        [cell('a\nb'), '1'],
        ['root', '10'],
      ],
      { right: [1] },
    );
    expect(t.split('\n')).toEqual(['USER   N', 'a\\nb   1', 'root  10']);
  });
});
