// Reads a catalogue folder in the format of ../shared/data/ozg (four CSV files, see the README
// in src/catalog/seed/ozg) into checked rows. Every problem is reported with file and line, and
// nothing is imported unless the whole folder is consistent.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvError, type CsvRecord, parseCsv } from './csv.ts';

export const CATALOGUE_FILES = {
  subjects: 'ozg_subject.csv',
  situations: 'ozg_situation.csv',
  ozgServices: 'ozg_service_system.csv',
  services: 'ozg_service.csv',
} as const;

const HEADERS: Record<keyof typeof CATALOGUE_FILES, string[]> = {
  subjects: ['id', 'name'],
  situations: ['id', 'subject_id', 'name'],
  ozgServices: ['id', 'ozg_id', 'name', 'situation_id'],
  services: [
    'id',
    'leika_key',
    'name',
    'leika_type',
    'service_system_id',
    'legal_basis',
    'laws',
    'law_shortcuts',
    'sdg1_relevant',
    'sdg2_relevant',
  ],
};

/** The shipped service file is 1.1 MB; a file far beyond that is not a catalogue. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_ERRORS = 20;

export type SubjectRow = { id: number; name: string };
export type SituationRow = { id: number; subject_id: number; name: string };
export type OzgServiceRow = { id: number; ozg_id: string; name: string; situation_id: number };
export type ServiceRow = {
  id: number;
  /** A 14-digit LeiKa key, or null where the source has none or a malformed one. */
  leika_key: string | null;
  name: string;
  leika_type: string | null;
  ozg_service_id: number | null;
  legal_basis: string | null;
  laws: string | null;
  law_shortcuts: string | null;
  sdg1_relevant: boolean;
  sdg2_relevant: boolean;
};

export type CatalogueData = {
  subjects: SubjectRow[];
  situations: SituationRow[];
  ozgServices: OzgServiceRow[];
  services: ServiceRow[];
};

export class CatalogueFormatError extends Error {
  problems: string[];
  constructor(problems: string[]) {
    super(`the catalogue cannot be imported:\n  ${problems.join('\n  ')}`);
    this.name = 'CatalogueFormatError';
    this.problems = problems;
  }
}

export const SHIPPED_CATALOGUE_DIR = new URL('./seed/ozg/', import.meta.url);

export async function readCatalogueFolder(dir: string | URL): Promise<CatalogueData> {
  const base = dir instanceof URL ? fileURLToPath(dir) : dir;
  const problems: string[] = [];
  const tables = {} as Record<keyof typeof CATALOGUE_FILES, CsvRecord[]>;
  for (const [table, file] of Object.entries(CATALOGUE_FILES) as [
    keyof typeof CATALOGUE_FILES,
    string,
  ][]) {
    tables[table] = await readTable(join(base, file), file, HEADERS[table], problems);
  }
  if (problems.length > 0) throw new CatalogueFormatError(problems);
  return checkCatalogue(tables);
}

async function readTable(
  path: string,
  file: string,
  header: string[],
  problems: string[],
): Promise<CsvRecord[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    problems.push(`${file}: missing`);
    return [];
  }
  if (size > MAX_FILE_BYTES) {
    problems.push(`${file}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    return [];
  }
  const bytes = await readFile(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problems.push(`${file}: not UTF-8`);
    return [];
  }
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    problems.push(`${file} ${error instanceof CsvError ? error.message : String(error)}`);
    return [];
  }
  const [head, ...rows] = records;
  if (head === undefined || head.fields.join(',') !== header.join(',')) {
    problems.push(`${file}: the first line must be the header ${header.join(',')}`);
    return [];
  }
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      problems.push(
        `${file} line ${row.line}: ${row.fields.length} fields, expected ${header.length}`,
      );
    }
  }
  return rows;
}

function checkCatalogue(tables: Record<keyof typeof CATALOGUE_FILES, CsvRecord[]>): CatalogueData {
  const problems: string[] = [];
  const report = (file: string, line: number, message: string) => {
    if (problems.length < MAX_ERRORS) problems.push(`${file} line ${line}: ${message}`);
    else if (problems.length === MAX_ERRORS) problems.push('… and more');
  };
  const reader = (file: string, record: CsvRecord) => ({
    id(index: number, column: string): number {
      const value = record.fields[index] ?? '';
      if (!/^[1-9][0-9]{0,8}$/.test(value)) {
        report(file, record.line, `${column} "${value.slice(0, 20)}" is not a positive id`);
        return 0;
      }
      return Number(value);
    },
    text(index: number, column: string, max: number, required = false): string | null {
      const value = record.fields[index] ?? '';
      if (value.length > max) report(file, record.line, `${column} longer than ${max} characters`);
      else if (hasControlCharacter(value))
        report(file, record.line, `${column} contains control characters`);
      if (value.trim() === '') {
        if (required) report(file, record.line, `${column} is empty`);
        return null;
      }
      return value;
    },
    flag(index: number, column: string): boolean {
      const value = record.fields[index] ?? '';
      if (value !== '' && value !== '0' && value !== '1')
        report(file, record.line, `${column} must be 0 or 1`);
      return value === '1';
    },
  });
  const unique = <T extends { id: number }>(file: string, rows: [T, number][]) => {
    const seen = new Set<number>();
    for (const [row, line] of rows) {
      if (seen.has(row.id)) report(file, line, `id ${row.id} appears twice`);
      seen.add(row.id);
    }
    return seen;
  };

  const f = CATALOGUE_FILES;
  const subjects: [SubjectRow, number][] = tables.subjects.map((r) => {
    const read = reader(f.subjects, r);
    return [{ id: read.id(0, 'id'), name: read.text(1, 'name', 200, true) ?? '' }, r.line];
  });
  const subjectIds = unique(f.subjects, subjects);

  const situations: [SituationRow, number][] = tables.situations.map((r) => {
    const read = reader(f.situations, r);
    const row = {
      id: read.id(0, 'id'),
      subject_id: read.id(1, 'subject_id'),
      name: read.text(2, 'name', 200, true) ?? '',
    };
    if (row.subject_id > 0 && !subjectIds.has(row.subject_id))
      report(f.situations, r.line, `subject_id ${row.subject_id} is not in ${f.subjects}`);
    return [row, r.line];
  });
  const situationIds = unique(f.situations, situations);

  const ozgIds = new Set<string>();
  const ozgServices: [OzgServiceRow, number][] = tables.ozgServices.map((r) => {
    const read = reader(f.ozgServices, r);
    const ozgId = r.fields[1] ?? '';
    if (!/^[0-9]{5}$/.test(ozgId))
      report(f.ozgServices, r.line, `ozg_id "${ozgId.slice(0, 20)}" is not 5 digits`);
    else if (ozgIds.has(ozgId)) report(f.ozgServices, r.line, `ozg_id ${ozgId} appears twice`);
    ozgIds.add(ozgId);
    const row = {
      id: read.id(0, 'id'),
      ozg_id: ozgId,
      name: read.text(2, 'name', 300, true) ?? '',
      situation_id: read.id(3, 'situation_id'),
    };
    if (row.situation_id > 0 && !situationIds.has(row.situation_id))
      report(f.ozgServices, r.line, `situation_id ${row.situation_id} is not in ${f.situations}`);
    return [row, r.line];
  });
  const ozgServiceIds = unique(f.ozgServices, ozgServices);

  const leikaKeys = new Set<string>();
  const services: [ServiceRow, number][] = tables.services.map((r) => {
    const read = reader(f.services, r);
    const rawKey = read.text(1, 'leika_key', 50);
    // "nicht im LeiKa" and the odd short numbers in the source are kept out of the key column.
    const leikaKey = rawKey !== null && /^[0-9]{14}$/.test(rawKey) ? rawKey : null;
    if (leikaKey !== null) {
      if (leikaKeys.has(leikaKey)) report(f.services, r.line, `leika_key ${leikaKey} twice`);
      leikaKeys.add(leikaKey);
    }
    const ozgRef = r.fields[4] ?? '';
    const row: ServiceRow = {
      id: read.id(0, 'id'),
      leika_key: leikaKey,
      name: read.text(2, 'name', 500, true) ?? '',
      leika_type: read.text(3, 'leika_type', 20),
      ozg_service_id: ozgRef === '' ? null : read.id(4, 'service_system_id'),
      legal_basis: read.text(5, 'legal_basis', 5000),
      laws: read.text(6, 'laws', 2000),
      law_shortcuts: read.text(7, 'law_shortcuts', 500),
      sdg1_relevant: read.flag(8, 'sdg1_relevant'),
      sdg2_relevant: read.flag(9, 'sdg2_relevant'),
    };
    if (row.ozg_service_id !== null && row.ozg_service_id > 0) {
      if (!ozgServiceIds.has(row.ozg_service_id))
        report(
          f.services,
          r.line,
          `service_system_id ${row.ozg_service_id} is not in ${f.ozgServices}`,
        );
    }
    return [row, r.line];
  });
  unique(f.services, services);

  if (problems.length > 0) throw new CatalogueFormatError(problems);
  return {
    subjects: subjects.map(([row]) => row),
    situations: situations.map(([row]) => row),
    ozgServices: ozgServices.map(([row]) => row),
    services: services.map(([row]) => row),
  };
}

/** Tabs are allowed (the source's texts have none, but they are harmless); other controls not. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}
