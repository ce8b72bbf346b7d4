/** Tables: header detection, cells with several blocks, merged cells, escaping, nesting. */
import { storageToMarkdown } from '../../src/convert/storage-to-markdown';

const md = (storage: string) => storageToMarkdown(storage);

describe('tables', () => {
  it('uses a first row of <th> cells as the header', () => {
    const storage =
      '<table data-layout="default"><colgroup><col /><col /></colgroup><tbody>' +
      '<tr><th><p>Key</p></th><th><p>Value</p></th></tr><tr><td><p>a</p></td><td><p>1</p></td></tr></tbody></table>';
    expect(md(storage)).toBe('| Key | Value |\n| --- | --- |\n| a | 1 |');
  });

  it('leaves the header empty when the first row is data', () => {
    expect(md('<table><tr><td>a</td><td>b</td></tr></table>')).toBe(
      '|  |  |\n| --- | --- |\n| a | b |',
    );
  });

  it('joins a cell’s paragraphs, lines and list items with <br>', () => {
    const storage =
      '<table><tr><th>h</th></tr><tr><td><p>one</p><p>two<br/>three</p><ul><li>x</li><li>y</li></ul></td></tr></table>';
    expect(md(storage)).toBe('| h |\n| --- |\n| one<br>two<br>three<br>- x<br>- y |');
  });

  it('escapes pipes inside cells', () => {
    expect(md('<table><tr><th>a|b</th></tr><tr><td><code>x | y</code></td></tr></table>')).toBe(
      '| a\\|b |\n| --- |\n| `x \\| y` |',
    );
  });

  it('keeps columns aligned across colspan (empty cells) and rowspan (repeated text)', () => {
    const storage =
      '<table><tr><th colspan="2">Wide</th><th>C</th></tr>' +
      '<tr><td rowspan="2">Tall</td><td>b1</td><td>c1</td></tr>' +
      '<tr><td>b2</td><td>c2</td></tr></table>';
    expect(md(storage)).toBe(
      '| Wide |  | C |\n| --- | --- | --- |\n| Tall | b1 | c1 |\n| Tall | b2 | c2 |',
    );
  });

  it('pads short rows and survives absurd spans', () => {
    const storage =
      '<table><tr><td colspan="99999">a</td></tr><tr><td rowspan="0">b</td></tr><tr><td>c</td></tr></table>';
    const lines = md(storage).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2].split(' | ')).toHaveLength(100);
    expect(lines[3].startsWith('| b |')).toBe(true);
    expect(lines[4].startsWith('| b | c |')).toBe(true);
  });

  it('flattens a table inside a cell into lines', () => {
    const storage =
      '<table><tr><th>outer</th></tr><tr><td><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></td></tr></table>';
    expect(md(storage)).toBe('| outer |\n| --- |\n| a / b<br>c / d |');
  });
});
