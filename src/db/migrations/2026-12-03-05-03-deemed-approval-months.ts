import { type Kysely, sql } from 'kysely';

// The Genehmigungsfiktion in months (§ 42a Abs. 2 VwVfG: three months unless a statute says
// otherwise), counted as § 31 VwVfG with §§ 187, 188 BGB demand, beside the working days some
// services use. At most one of the two per service.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table processing_period
    add column deemed_approval_months smallint check (deemed_approval_months between 1 and 36),
    add constraint processing_period_deemed_one_unit
      check (deemed_approval_days is null or deemed_approval_months is null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table processing_period drop column deemed_approval_months`.execute(db);
}
