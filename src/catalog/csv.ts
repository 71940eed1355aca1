// A strict RFC 4180 reader for the catalogue files: comma-separated, fields quoted only when
// needed with embedded quotes doubled, records ending in CRLF (LF accepted too). Anything else is
// refused with the line it was found on, rather than guessed at.

export class CsvError extends Error {
  line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
    this.line = line;
  }
}

export type CsvRecord = { line: number; fields: string[] };

const FIELD_END = /[,\r\n"]/g;

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const end = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark from spreadsheet exports
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  while (i < end) {
    let field: string;
    if (text[i] === '"') {
      // Quoted: up to the next quote that is not doubled.
      field = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) throw new CsvError(recordLine, 'quoted field is not closed');
        field += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      line += countLineBreaks(field);
      const next = text[i];
      if (i < end && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvError(line, 'text after the closing quote of a field');
      }
    } else {
      FIELD_END.lastIndex = i;
      const found = FIELD_END.exec(text);
      const stop = found === null ? end : found.index;
      if (found !== null && found[0] === '"') throw new CsvError(line, 'quote inside a field');
      field = text.slice(i, stop);
      i = stop;
    }
    fields.push(field);
    if (i >= end) break;
    const separator = text[i];
    if (separator === ',') {
      i++;
      // A comma at the very end still opens one (empty) last field.
      if (i >= end) fields.push('');
      continue;
    }
    if (separator === '\r') {
      if (text[i + 1] !== '\n') throw new CsvError(line, 'carriage return without line feed');
      i++;
    }
    i++;
    records.push({ line: recordLine, fields });
    fields = [];
    line++;
    recordLine = line;
  }
  if (fields.length > 0) records.push({ line: recordLine, fields });
  return records;
}

function countLineBreaks(value: string): number {
  let count = 0;
  for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) count++;
  return count;
}
