/**
 * A strict RFC 4180 reader, for checking that a manifest opens as the rows and fields it
 * should: CRLF between records, fields quoted or not, `""` for a quote inside a quoted
 * field, no quote anywhere else, every record as wide as the header. A leading UTF-8 BOM
 * (which Excel wants) is skipped. Throws on anything else, saying where.
 */
export function readCsv(text: string): string[][] {
  const s = text.startsWith('\ufeff') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`CSV: ${why} at record ${rows.length + 1}, offset ${i}`);
  };
  while (i < s.length) {
    let field = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) fail('unterminated quoted field');
        field += s.slice(i, q);
        i = q + 1;
        if (s[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      let end = i;
      while (end < s.length && s[end] !== ',' && s[end] !== '\r' && s[end] !== '\n') {
        if (s[end] === '"') fail('a quote in an unquoted field');
        end++;
      }
      field = s.slice(i, end);
      i = end;
    }
    row.push(field);
    if (s[i] === ',') {
      i++;
      if (i === s.length) fail('a comma at the end');
    } else if (s[i] === '\r' && s[i + 1] === '\n') {
      i += 2;
      rows.push(row);
      row = [];
    } else if (i < s.length) fail(`unexpected ${JSON.stringify(s[i])} after a field`);
  }
  if (row.length) rows.push(row);
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, n) => {
    if (r.length !== width) fail(`record ${n + 1} has ${r.length} fields, the header ${width}`);
  });
  return rows;
}
