// Synthetic applications for the inbox bench (bench/inbox.ts) and the inbox's paging test:
// rows generated inside the database (one `insert … select … from generate_series` per batch,
// no round trip per row), spread round-robin over the authorities that offer services and over
// each one's services, with a mix of statuses, due dates and a few assignments. The payload is
// a placeholder byte: the inbox never opens it, the detail page would fail to (these rows are
// for lists only). Runs as the owner (past row-level security), like a migration would.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/db/schema.ts';

export type GenerateOptions = {
  verbundId: string;
  /** Only this authority; default: all of the Verbund. */
  authorityId?: string;
  count: number;
  /** First number of the synthetic reference numbers (BX-2026-…), to add more later. */
  firstNumber?: number;
  batch?: number;
  /** Given: every 5th open row is assigned to this staff member. */
  assignTo?: string;
};

export async function generateApplications(owner: Kysely<DB>, o: GenerateOptions): Promise<number> {
  const batch = o.batch ?? 100_000;
  const first = o.firstNumber ?? 1;
  let done = 0;
  while (done < o.count) {
    const n = Math.min(batch, o.count - done);
    const from = first + done;
    await sql`
      with auth as (
        select a.id as authority_id, (row_number() over (order by a.id) - 1)::int as k
        from authority a
        where a.verbund_id = ${o.verbundId}
          and (${o.authorityId ?? null}::uuid is null or a.id = ${o.authorityId ?? null}::uuid)
          ),
      nauth as (select count(*)::int as n from auth),
      -- Each authority's activated services; one that has none yet gets those of its level,
      -- so that every authority holds its share.
      offered as (
        select au.authority_id, os.id as service_id, os.leika_key, os.title
        from auth au join online_service_activation x on x.authority_id = au.authority_id
        join online_service os on os.id = x.online_service_id
        union all
        select au.authority_id, os.id, os.leika_key, os.title
        from auth au join authority a on a.id = au.authority_id
        join online_service os on os.verbund_id = a.verbund_id
          and (os.level = 'county') = (a.kind = 'county')
        where not exists (select 1 from online_service_activation x where x.authority_id = au.authority_id)),
      svc as (
        select authority_id, service_id, leika_key, title,
          (row_number() over (partition by authority_id order by service_id) - 1)::int as j,
          (count(*) over (partition by authority_id))::int as n
        from offered),
      g as (
        select i, abs(hashint4(i)) as h from generate_series(${from}::int, ${from + n - 1}::int) as i),
      shaped as (
        select g.i, g.h, au.authority_id, s.service_id, s.leika_key, s.title,
          -- 55 % open (submitted, received, processing, action_required), 45 % closed.
          case
            when g.h % 100 < 10 then 'submitted'
            when g.h % 100 < 20 then 'received'
            when g.h % 100 < 47 then 'processing'
            when g.h % 100 < 55 then 'action_required'
            when g.h % 100 < 90 then 'completed'
            when g.h % 100 < 97 then 'rejected'
            else 'withdrawn' end as status
        from g
        join nauth on nauth.n > 0
        join auth au on au.k = g.i % nauth.n
        join svc s on s.authority_id = au.authority_id and s.j = (g.i / nauth.n) % s.n),
      timed as (
        select *,
          -- Open files are recent (the last 60 days), closed ones from the last year.
          now() - make_interval(secs => (h / 7) % (case when status in ('completed', 'rejected', 'withdrawn')
            then 365 * 86400 else 60 * 86400 end)) as submitted_at
        from shaped)
      insert into application (id, verbund_id, authority_id, draft_id, online_service_id,
        leika_key, title, form_id, form_version, reference, language, status, key_id,
        wrapped_key, payload, submitted_at, status_changed_at, closed_at, due_on,
        deadline_paused, assigned_to)
      select gen_random_uuid(), ${o.verbundId}, authority_id, gen_random_uuid(), service_id,
        leika_key, title, 'bench', 1, 'BX-2026-' || lpad(i::text, 8, '0'), 'de', status, 'bench',
        '\\x00'::bytea, '\\x00'::bytea, submitted_at, submitted_at,
        case when status in ('completed', 'rejected', 'withdrawn')
          then submitted_at + make_interval(days => 3 + (h % 40)) end,
        -- About 20 working days after receipt; none while the citizen is asked.
        case when status <> 'action_required' then (submitted_at::date + 28) end,
        status = 'action_required',
        case when ${o.assignTo ?? null}::uuid is not null and i % 5 = 0
          and status in ('received', 'processing') then ${o.assignTo ?? null}::uuid end
      from timed`.execute(owner);
    done += n;
  }
  return done;
}
