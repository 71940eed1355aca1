// The delivery domain's part of the submitting statement (ADR 0013, 0020): one data-modifying
// CTE that writes a pending delivery per route of the application, in the same statement and
// transaction as the application itself. No route configured: one row without a route, which
// waits visibly until one is (the worker looks again at every attempt), so nothing is dropped.

/**
 * `application` names a CTE (or table) with the new application's `id`, `verbund_id`,
 * `authority_id` and `online_service_id`; `at` is the SQL expression for the time of the rows.
 * Routes come from `delivery_routes_for` (migration 2026-12-01-11), which the worker uses too.
 */
export function deliveriesCte(p: { application: string; at: string }): string {
  return `deliveries as (
    insert into delivery (verbund_id, application_id, authority_id, route_id, route_name,
      created_at, updated_at, next_attempt_at)
    select a.verbund_id, a.id, a.authority_id, r.id, r.name, ${p.at}, ${p.at}, ${p.at}
    from ${p.application} a
    left join lateral delivery_routes_for(a.authority_id, a.online_service_id) r on true)`;
}
