// The inbox's filter as the GET form sends it (German parameter names, bookmarkable and
// savable), parsed into what the queries take. Anything malformed is named in German and left
// out of the query, never passed on to a cast that would fail as a server error.
import { isStatus } from '../applications/status.ts';
import type { ApplicationStatusValue } from '../db/schema.ts';
import { isUuid } from '../uuid.ts';
import type { InboxSort } from './inbox-repository.ts';

export const REFERENCE = /^[A-Z]{1,3}-[0-9]{4}-[0-9]{6,}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
export const MAX_NAME_SEARCH = 100;

/** The query string's fields, as sent. */
export type RawInboxFilter = {
  status?: string;
  leistung?: string;
  von?: string;
  bis?: string;
  zugewiesen?: string;
  frist?: string;
  aktenzeichen?: string;
  name?: string;
  sortierung?: string;
  nach?: string;
};

export const ASSIGNEE_CHOICES = ['mir', 'niemand'] as const;
export const DEADLINE_CHOICES = ['ueberfaellig', 'bald', 'rechtzeitig', 'verspaetet'] as const;
export const SORT_CHOICES = { neu: 'newest', alt: 'oldest', frist: 'due' } as const;

export type InboxFilter = {
  status?: ApplicationStatusValue;
  serviceId?: string;
  from?: string;
  to?: string;
  assignee?: (typeof ASSIGNEE_CHOICES)[number];
  deadline?: (typeof DEADLINE_CHOICES)[number];
  reference?: string;
  name?: string;
  sort: keyof typeof SORT_CHOICES;
};

export type ParsedFilter = {
  filter: InboxFilter;
  after: { key: string; id: string } | undefined;
  /** Field → message key of what was left out. */
  errors: Record<string, string>;
};

const isDay = (v: string) =>
  DAY.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

function decodeCursor(value: string, sort: InboxSort) {
  if (value.length > 200) return undefined;
  const [tag, key, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (tag !== sort || key === undefined || id === undefined || !isUuid(id)) return undefined;
  const keyOk = sort === 'due' ? key === 'infinity' || isDay(key) : TIMESTAMP.test(key);
  return keyOk ? { key, id } : undefined;
}

/** A cursor is opaque to the browser: base64url of "sort|key|id". */
export function encodeCursor(sort: InboxSort, row: { sort_key: string; id: string }): string {
  return Buffer.from(`${sort}|${row.sort_key}|${row.id}`).toString('base64url');
}

export function parseFilter(raw: RawInboxFilter): ParsedFilter {
  const errors: Record<string, string> = {};
  const filter: InboxFilter = { sort: 'neu' };
  const v = (x: string | undefined) => x?.trim() ?? '';

  const status = v(raw.status);
  if (status !== '') {
    if (isStatus(status)) filter.status = status as ApplicationStatusValue;
    else errors.status = 'inbox.filter.statusInvalid';
  }
  const service = v(raw.leistung);
  if (service !== '') {
    if (isUuid(service)) filter.serviceId = service.toLowerCase();
    else errors.leistung = 'inbox.filter.serviceInvalid';
  }
  for (const [field, target] of [
    ['von', 'from'],
    ['bis', 'to'],
  ] as const) {
    const day = v(raw[field]);
    if (day === '') continue;
    if (isDay(day)) filter[target] = day;
    else errors[field] = 'inbox.filter.dayInvalid';
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from) {
    errors.bis = 'inbox.filter.rangeInvalid';
    delete filter.to;
  }
  const assignee = v(raw.zugewiesen);
  if (assignee !== '') {
    if ((ASSIGNEE_CHOICES as readonly string[]).includes(assignee)) {
      filter.assignee = assignee as InboxFilter['assignee'];
    } else errors.zugewiesen = 'inbox.filter.assigneeInvalid';
  }
  const deadline = v(raw.frist);
  if (deadline !== '') {
    if ((DEADLINE_CHOICES as readonly string[]).includes(deadline)) {
      filter.deadline = deadline as InboxFilter['deadline'];
    } else errors.frist = 'inbox.filter.deadlineInvalid';
  }
  const reference = v(raw.aktenzeichen).toUpperCase();
  if (reference !== '') {
    if (REFERENCE.test(reference)) filter.reference = reference;
    else errors.aktenzeichen = 'inbox.filter.referenceInvalid';
  }
  const name = v(raw.name).replace(/\s+/g, ' ');
  if (name !== '') {
    if (name.length > MAX_NAME_SEARCH) errors.name = 'inbox.filter.nameTooLong';
    else filter.name = name;
  }
  const sort = v(raw.sortierung);
  if (sort !== '') {
    if (sort in SORT_CHOICES) filter.sort = sort as InboxFilter['sort'];
    else errors.sortierung = 'inbox.filter.sortInvalid';
  }
  const cursor = v(raw.nach);
  let after: ParsedFilter['after'];
  if (cursor !== '') {
    // A link, not something typed: a broken one shows the first page, without a message.
    after = decodeCursor(cursor, SORT_CHOICES[filter.sort]);
  }
  return { filter, after, errors };
}

/** The filter as a query string (without the page cursor): for links and saved filters. */
export function filterQuery(filter: InboxFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  const set = (k: string, value: string | undefined) => {
    if (value !== undefined && value !== '') q.set(k, value);
  };
  set('status', filter.status);
  set('leistung', filter.serviceId);
  set('von', filter.from);
  set('bis', filter.to);
  set('zugewiesen', filter.assignee);
  set('frist', filter.deadline);
  set('aktenzeichen', filter.reference);
  set('name', filter.name);
  if (filter.sort !== 'neu') set('sortierung', filter.sort);
  for (const [k, value] of Object.entries(extra)) set(k, value);
  return q.toString();
}

export const isFiltered = (f: InboxFilter) => filterQuery(f) !== '';
