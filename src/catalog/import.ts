// Loads a checked catalogue into the database. Idempotent: rows are matched by the source's
// ids, changed rows are updated, unchanged rows are not touched, nothing is duplicated. Rows
// that are in the database but not in the import are kept (online services may point at
// them) and counted, so an operator sees them.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  type CatalogueData,
  readCatalogueFolder,
  SHIPPED_CATALOGUE_DIR,
} from './catalogue-files.ts';
import { CURATION, type Curation } from './seed/curation.ts';

export type TableCounts = {
  /** Rows in the import. */
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows in the database that the import does not contain; kept. */
  notInImport: number;
};

export type ImportReport = {
  subjects: TableCounts;
  situations: TableCounts;
  ozgServices: TableCounts;
  services: TableCounts;
  /** Services whose synonyms or description were (re)set from the curation list. */
  curated: number;
};

type ColumnType = 'integer' | 'text' | 'boolean';
type CatalogueTable =
  | 'catalog_subject'
  | 'catalog_situation'
  | 'catalog_ozg_service'
  | 'catalog_service';

// Written by code, never from input: safe to splice into the statement.
const COLUMNS: Record<CatalogueTable, [string, ColumnType][]> = {
  catalog_subject: [
    ['id', 'integer'],
    ['name', 'text'],
  ],
  catalog_situation: [
    ['id', 'integer'],
    ['subject_id', 'integer'],
    ['name', 'text'],
  ],
  catalog_ozg_service: [
    ['id', 'integer'],
    ['ozg_id', 'text'],
    ['name', 'text'],
    ['situation_id', 'integer'],
  ],
  catalog_service: [
    ['id', 'integer'],
    ['leika_key', 'text'],
    ['name', 'text'],
    ['leika_type', 'text'],
    ['ozg_service_id', 'integer'],
    ['legal_basis', 'text'],
    ['laws', 'text'],
    ['law_shortcuts', 'text'],
    ['sdg1_relevant', 'boolean'],
    ['sdg2_relevant', 'boolean'],
    ['context', 'text'],
  ],
};

export function importCatalogue(
  db: Kysely<DB>,
  data: CatalogueData,
  curation: readonly Curation[] = CURATION,
): Promise<ImportReport> {
  // Search weighs a LeiKa-Leistung's OZG-Leistung too ("Abfallentsorgung" finds Sperrmüll).
  const ozgNames = new Map(data.ozgServices.map((o) => [o.id, o.name]));
  const services = data.services.map((s) => ({
    ...s,
    context: s.ozg_service_id === null ? '' : (ozgNames.get(s.ozg_service_id) ?? ''),
  }));
  return db.transaction().execute(async (trx) => {
    // One import at a time; a second one (another process starting) waits, then finds
    // everything unchanged.
    await sql`lock table catalog_subject, catalog_situation, catalog_ozg_service, catalog_service in share row exclusive mode`.execute(
      trx,
    );
    return {
      subjects: await upsert(trx, 'catalog_subject', data.subjects),
      situations: await upsert(trx, 'catalog_situation', data.situations),
      ozgServices: await upsert(trx, 'catalog_ozg_service', data.ozgServices),
      services: await upsert(trx, 'catalog_service', services),
      curated: await applyCuration(trx, curation),
    };
  });
}

/**
 * The whole table goes in as one JSON parameter: one statement instead of thousands, on both
 * engines. Only new and changed rows are written: an unchanged row is not even proposed,
 * which matters because every proposed row has its search vectors computed.
 */
async function upsert(
  trx: Transaction<DB>,
  table: CatalogueTable,
  rows: { id: number }[],
): Promise<TableCounts> {
  const existing = new Set(
    (await sql<{ id: number }>`select id from ${sql.table(table)}`.execute(trx)).rows.map(
      (r) => r.id,
    ),
  );
  const columns = COLUMNS[table];
  const names = columns.map(([name]) => name);
  const list = (prefix: string) => sql.raw(names.map((n) => `${prefix}${n}`).join(', '));
  const { rows: written } = await sql<{ id: number }>`
    insert into ${sql.table(table)} (${list('')})
    select ${list('r.')}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(${sql.raw(columns.map(([n, type]) => `${n} ${type}`).join(', '))})
    left join ${sql.table(table)} cur on cur.id = r.id
    where cur.id is null or (${list('cur.')}) is distinct from (${list('r.')})
    on conflict (id) do update set ${sql.raw(
      names
        .filter((n) => n !== 'id')
        .map((n) => `${n} = excluded.${n}`)
        .join(', '),
    )}
    returning id`.execute(trx);
  const inserted = written.filter((r) => !existing.has(r.id)).length;
  const importedExisting = rows.filter((r) => existing.has(r.id)).length;
  return {
    total: rows.length,
    inserted,
    updated: written.length - inserted,
    unchanged: rows.length - written.length,
    notInImport: existing.size - importedExisting,
  };
}

async function applyCuration(trx: Transaction<DB>, curation: readonly Curation[]) {
  if (curation.length === 0) return 0;
  const json = JSON.stringify(
    curation.map((c) => ({
      leika_key: c.leikaKey,
      synonyms: c.synonyms,
      description: c.description,
    })),
  );
  const { rows } = await sql<{ id: number }>`
    update catalog_service s set synonyms = c.synonyms, description = c.description
    from (
      select r.leika_key, r.description,
        array(select jsonb_array_elements_text(r.synonyms)) as synonyms
      from jsonb_to_recordset(${json}::jsonb)
        as r(leika_key text, synonyms jsonb, description text)
    ) c
    where s.leika_key = c.leika_key
      and (s.synonyms, s.description) is distinct from (c.synonyms, c.description)
    returning s.id`.execute(trx);
  return rows.length;
}

/** The catalogue shipped in src/catalog/seed/ozg, with our synonyms and descriptions. */
export async function seedCatalogue(db: Kysely<DB>): Promise<ImportReport> {
  return importCatalogue(db, await readCatalogueFolder(SHIPPED_CATALOGUE_DIR));
}

/**
 * Loads the shipped catalogue into an empty database; returns undefined when the catalogue is
 * already there (it is then left alone: updates come through `cli catalog:import`).
 * For start-up: `await ensureCatalogue(database.db)`.
 */
export async function ensureCatalogue(db: Kysely<DB>): Promise<ImportReport | undefined> {
  const any = await db.selectFrom('catalog_service').select('id').limit(1).executeTakeFirst();
  return any === undefined ? seedCatalogue(db) : undefined;
}

/** "14 Themenfelder (14 new), …": one line per table for the CLI. */
export function describeImport(report: ImportReport): string[] {
  const line = (label: string, c: TableCounts) =>
    `${label}: ${c.total} (${c.inserted} new, ${c.updated} updated, ${c.unchanged} unchanged${
      c.notInImport > 0 ? `; ${c.notInImport} in the database but not in this import, kept` : ''
    })`;
  return [
    line('Themenfelder', report.subjects),
    line('Lebenslagen', report.situations),
    line('OZG-Leistungen', report.ozgServices),
    line('LeiKa-Leistungen', report.services),
    `Synonyms and descriptions updated for ${report.curated} services.`,
  ];
}
