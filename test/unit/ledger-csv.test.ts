// CSV for spreadsheets: BOM, CRLF, RFC 4180 quoting, formula cells defused.
import { BOM, csvCell, percent, toCsv } from '../../ledger/csv';

test('plain cells stay plain; numbers, booleans and empties', () => {
  expect(csvCell('U-A')).toBe('U-A');
  expect(csvCell('单位甲')).toBe('单位甲');
  expect(csvCell(12.5)).toBe('12.5');
  expect(csvCell(-3)).toBe('-3'); // numbers are never defused
  expect(csvCell(Number.NaN)).toBe('');
  expect(csvCell(null)).toBe('');
  expect(csvCell(undefined)).toBe('');
  expect(csvCell(true)).toBe('true');
});

test('quoting: commas, quotes, line breaks, edge spaces', () => {
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('他说"好"')).toBe('"他说""好"""');
  expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"');
  expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
  expect(csvCell(' padded ')).toBe('" padded "');
});

test('formula-looking text is prefixed with an apostrophe (and quoted when it needs to be)', () => {
  expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  expect(csvCell('+A1')).toBe("'+A1");
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(csvCell('\tx')).toBe("'\tx");
  expect(csvCell('-1+2')).toBe("'-1+2");
  expect(csvCell('-50.00%')).toBe('-50.00%'); // a signed percentage stays a number
});

test('document: BOM, header, CRLF after every row', () => {
  const csv = toCsv(
    ['名称', '数量'],
    [
      ['甲,乙', 1],
      ['丙', null],
    ],
  );
  expect(csv).toBe(`${BOM}名称,数量\r\n"甲,乙",1\r\n丙,\r\n`);
  expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
});

test('percent', () => {
  expect(percent(2 / 3)).toBe('66.67%');
  expect(percent(1)).toBe('100.00%');
  expect(percent(null)).toBe('');
});
