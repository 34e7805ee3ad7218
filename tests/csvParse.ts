/** A strict RFC 4180 reader for the tests that load c2sim's CSV files back. */
import { expect } from 'vitest';

/** RFC 4180, strictly: CRLF records, quoted fields with doubled quotes; an unquoted field is a number or empty. */
export function parseCsv(text: string): { header: string[]; rows: (string | number | null)[][] } {
  expect(text.endsWith('\r\n')).toBe(true);
  const records: (string | number | null)[][] = [];
  let i = 0;
  let record: (string | number | null)[] = [];
  while (i < text.length) {
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') { v += '"'; i += 2; continue; }
        if (text[i] === '"') { i++; break; }
        if (i >= text.length) throw new Error('unterminated quote');
        v += text[i++];
      }
      record.push(v);
    } else {
      let v = '';
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') v += text[i++];
      if (v !== '' && !/^-?\d+(\.\d+)?(e[-+]\d+)?$/.test(v)) throw new Error(`unquoted text "${v}"`);
      record.push(v === '' ? null : Number(v));
    }
    if (text[i] === ',') { i++; continue; }
    if (text[i] === '\r' && text[i + 1] === '\n') { records.push(record); record = []; i += 2; continue; }
    throw new Error(`unexpected character at ${i}`);
  }
  const [header, ...rows] = records;
  for (const r of rows) expect(r.length).toBe(header!.length);
  return { header: header as string[], rows };
}

export const asObjects = (t: { header: string[]; rows: (string | number | null)[][] }) =>
  t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]])));

