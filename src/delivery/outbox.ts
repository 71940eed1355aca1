// The outbox worker (ADR 0020): claims due deliveries, hands each to its route's connector
// with a timeout, and records the outcome with backoff, `failed` after the last attempt
// (alerting the route's admins), `rejected` when the receiver refuses for good. Any number of
// these run side by side, in any number of processes; a lease returns a dead worker's claims.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import type { Mailer } from '../mail/mailer.ts';
import { alertStaff } from './alert.ts';
import { type BackoffOptions, DEFAULT_BACKOFF, retryDelayMs } from './backoff.ts';
import type { Registry } from './connectors/registry.ts';
import type { DeliveryResult } from './connectors/types.ts';
import type { DeliverableApplication, LoadDeliverable, ReadDeliverables } from './deliverable.ts';
import * as repo from './repository.ts';
import { resolveConfig } from './route-settings.ts';

export type OutboxLog = {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

export type OutboxOptions = {
  db: Kysely<DB>;
  connectors: Registry;
  keyring: Keyring;
  load: LoadDeliverable;
  /**
   * The applications of a claimed batch read in the claim's transaction: one transaction less
   * per batch than with `load` alone, which then serves only what this did not return.
   */
  readInside?: ReadDeliverables;
  log: OutboxLog;
  /** For the alert when a delivery failed for good; without one, only the log says it. */
  mailer?: Pick<Mailer, 'send'>;
  backoff?: Partial<BackoffOptions>;
  /**
   * After an outcome is written that someone must hear of: failed or rejected (the
   * authority's admins are alerted). Its errors are logged and change nothing about the
   * outcome.
   */
  onOutcome?: (delivery: repo.ClaimedDelivery, status: 'failed' | 'rejected') => Promise<void>;
  /**
   * Every delivery of an application delivered and the application still only sent: moves it
   * on to `received` inside the transaction that writes the outcome, so both commit together
   * (one transaction for a whole batch of outcomes). Resolves to what to do after the commit
   * (the Postfach message). If it throws, the outcomes are written without it and the error
   * logged.
   */
  markReceived?: (
    trx: Transaction<DB>,
    applications: { id: string; authorityId: string }[],
  ) => Promise<() => Promise<void>>;
  /**
   * Writes of the applications domain that ride along in the transaction of a batch of
   * outcomes (the receipts rendered for them, ADR 0048): no transaction of their own. `again`:
   * a delivery of the application will be attempted again (pending, or failed or rejected and
   * so open to a resend), so what was made for it is worth keeping. If it throws, the outcomes
   * are written without it.
   */
  withOutcomes?: (
    trx: Transaction<DB>,
    applications: readonly { id: string; again: boolean }[],
  ) => Promise<void>;
  /** Deliveries in flight at once in this worker (default 4). */
  concurrency?: number;
  /**
   * Wakes the worker when work is committed (LISTEN/NOTIFY on `delivery_due`, see
   * Database.listen); resolves to a function that stops listening. Without it the worker polls.
   */
  listen?: (onWake: () => void) => Promise<() => Promise<void>>;
  /**
   * How long an idle worker waits at most before it looks for due work again: default 200 ms
   * without `listen`, 5 s with it (a safety net for a notification lost in a reconnect). It
   * wakes earlier for a retry that comes due sooner.
   */
  idleMs?: number;
  /** How long a claim holds; default the longest connector timeout plus a minute. */
  leaseMs?: number;
  now?: () => Date;
  workerId?: string;
  random?: () => number;
};

export type OutboxWorker = {
  /** Starts the loop; resolves at once. */
  start(): void;
  /** Looks for due work now instead of after the idle wait (e.g. right after a submission). */
  nudge(): void;
  /** One claim-and-deliver round; the number of deliveries it worked on. For tests and the CLI. */
  runOnce(): Promise<number>;
  /**
   * Stops claiming; lets deliveries in flight finish for up to `graceMs`, then aborts them and
   * gives their claims back untried, so another worker takes them at once.
   */
  stop(graceMs?: number): Promise<void>;
  readonly workerId: string;
};

/** Reasons stay short and free of personal data: they are shown to staff and logged. */
const reasonOf = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);

export function createOutboxWorker(options: OutboxOptions): OutboxWorker {
  const { db, connectors, keyring, log } = options;
  const now = options.now ?? (() => new Date());
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const concurrency = options.concurrency ?? 4;
  const idleMs = options.idleMs ?? (options.listen ? 5_000 : 200);
  const longest = Math.max(0, ...[...connectors.values()].map((c) => c.timeoutMs));
  const leaseMs = options.leaseMs ?? longest + 60_000;
  /**
   * How long a delivery claimed ahead may wait for a slot: it must still end inside its lease
   * however long its connector takes, with half of the lease's slack to spare. None are
   * claimed ahead when the lease leaves no slack.
   */
  const aheadMaxMs = (leaseMs - longest) / 2;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** A wake-up that came while a round ran: the next idle wait is skipped. */
  let woken = false;
  let unlisten: Promise<(() => Promise<void>) | undefined> | undefined;
  /** Aborted when shutdown's grace is over: connectors stop, claims go back. */
  const shutdown = new AbortController();
  /** Every delivery claimed and not yet written back (stop waits for these). */
  const inFlight = new Map<string, Promise<void>>();
  /**
   * Deliveries whose connector call is under way: the slots `concurrency` counts. A slot is
   * free again as soon as the receiver has answered; the outcome is written with the next
   * batch while the slot already carries the next delivery (the lease still holds the row).
   */
  let busy = 0;
  /** Resolvers of the loop waiting for a slot to free up or an outcome to be written. */
  let onChange: (() => void)[] = [];
  const changed = () =>
    new Promise<void>((resolve) => {
      onChange.push(resolve);
    });
  const notifyChange = () => {
    const waiting = onChange;
    onChange = [];
    for (const resolve of waiting) resolve();
  };

  const asWorker = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => withWorker(db, fn);

  /** Resolved configurations by route row: a batch's deliveries share one row per route. */
  const resolvedRoutes = new WeakMap<repo.RouteRow, ReturnType<typeof resolveConfig>>();

  type Ready = {
    claimedAt: number;
    delivery: repo.ClaimedDelivery;
    routes: ReadonlyMap<string, repo.RouteRow>;
    application: () => Promise<DeliverableApplication>;
  };
  /**
   * Claimed with the last batch but not started yet (no slot was free): the next free slot
   * takes one without a round trip to the database, so a backlog is claimed in full batches,
   * not one row per freed slot. The lease holds them meanwhile; stop() gives them back.
   */
  let ahead: Ready[] = [];

  /**
   * Starts up to `limit` deliveries, those claimed ahead first; only with none of them left,
   * claims up to `claimLimit` due ones and keeps what it does not start for the next free
   * slots. Their promises settle when done. The claim, the routes of the batch and (with
   * `readInside`) its applications are one transaction; with `load` only, the applications
   * are read together as the deliveries start in the same turn (the LoadDeliverable of the
   * applications domain).
   */
  async function claimAndStart(limit: number, claimLimit = limit): Promise<Promise<void>[]> {
    const started: Promise<void>[] = [];
    const at = now();
    // Waited too long for a slot: given back untried rather than started late in its lease.
    const stale = ahead.filter((r) => at.getTime() - r.claimedAt > aheadMaxMs);
    if (stale.length > 0) {
      ahead = ahead.filter((r) => !stale.includes(r));
      const ids = stale.map((r) => r.delivery.id);
      await asWorker((trx) => repo.release(trx, ids, workerId, at));
    }
    while (started.length < limit && ahead.length > 0) {
      started.push(startOne(ahead.shift() as Ready));
    }
    if (started.length > 0) return started;
    const { claimed, routes, opened } = await asWorker(async (trx) => {
      const claimed = await repo.claimDue(trx, {
        workerId,
        now: at,
        leaseUntil: new Date(at.getTime() + leaseMs),
        limit: claimLimit,
      });
      if (claimed.length === 0) {
        return { claimed, routes: new Map<string, repo.RouteRow>(), opened: undefined };
      }
      const routeIds = new Set(claimed.flatMap((d) => (d.route_id === null ? [] : [d.route_id])));
      const routes = await repo.findRoutes(trx, [...routeIds]);
      const opened = await options.readInside?.(trx, [
        ...new Set(claimed.map((d) => d.application_id)),
      ]);
      return { claimed, routes: new Map(routes.map((r) => [r.id, r])), opened };
    });
    for (const delivery of claimed) {
      const application =
        opened?.get(delivery.application_id) ?? (() => options.load(delivery.application_id));
      const ready = { claimedAt: at.getTime(), delivery, routes, application };
      if (started.length < limit) started.push(startOne(ready));
      else ahead.push(ready);
    }
    return started;
  }

  function startOne({ delivery, routes, application }: Ready): Promise<void> {
    busy++;
    const work = deliverOne(delivery, routes, application).finally(() => {
      inFlight.delete(delivery.id);
      notifyChange();
    });
    // The loop waits on these without awaiting each: an outcome not written (the database
    // away) is logged there; the lease returns the claim.
    inFlight.set(
      delivery.id,
      work.catch((error: unknown) => {
        log.error({ deliveryId: delivery.id, err: reasonOf(error) }, 'outcome not written');
      }),
    );
    return work;
  }

  /** Resolves at the next wake-up (at once when one came while a round ran). */
  function wakeUp(): Promise<void> {
    if (woken) return Promise.resolve();
    return new Promise<void>((resolve) => {
      wake = resolve;
    });
  }

  async function runOnce(): Promise<number> {
    const started = await claimAndStart(concurrency);
    await Promise.all(started);
    return started.length;
  }

  async function deliverOne(
    delivery: repo.ClaimedDelivery,
    routes: ReadonlyMap<string, repo.RouteRow>,
    application: () => Promise<DeliverableApplication>,
  ): Promise<void> {
    let result: DeliveryResult;
    let route: repo.RouteRow | undefined;
    try {
      ({ result, route } = await attempt(delivery, routes, application));
    } catch (error) {
      // A bug or the database away: logged with its stack, the delivery tried again later.
      log.error(
        { deliveryId: delivery.id, err: error instanceof Error ? error.stack : String(error) },
        'delivery attempt failed unexpectedly',
      );
      result = { status: 'retry', reason: `internal error: ${reasonOf(error)}` };
    } finally {
      busy--;
      notifyChange();
    }
    if (shutdown.signal.aborted && result.status === 'retry') {
      // Cut short by shutdown, not by the receiver: not an attempt.
      await asWorker((trx) => repo.release(trx, [delivery.id], workerId, now()));
      return;
    }
    await record(delivery, result, route);
  }

  async function attempt(
    delivery: repo.ClaimedDelivery,
    routes: ReadonlyMap<string, repo.RouteRow>,
    open: () => Promise<DeliverableApplication>,
  ): Promise<{ result: DeliveryResult; route?: repo.RouteRow }> {
    let routeId = delivery.route_id;
    let routeName = delivery.route_name;
    let route = routeId === null ? undefined : routes.get(routeId);
    if (routeId === null) {
      const routed = await asWorker((trx) => repo.routeUnrouted(trx, delivery, now()));
      if (routed === undefined) {
        const reason =
          routeName === null
            ? 'no delivery route is configured for this authority and service'
            : `route "${routeName}" was removed and no other route takes it`;
        return { result: { status: 'retry', reason } };
      }
      routeId = routed.id;
      routeName = routed.name;
      route = await asWorker((trx) => repo.findRoute(trx, routed.id));
    }
    if (route === undefined) {
      return { result: { status: 'retry', reason: `route "${routeName}" no longer exists` } };
    }
    if (!route.enabled) {
      return { result: { status: 'retry', reason: `route "${route.name}" is disabled` }, route };
    }
    // Once per route of a claimed batch (the same row object): its secrets opened once.
    let resolved = resolvedRoutes.get(route);
    if (resolved === undefined) {
      resolved = resolveConfig(route, connectors, keyring);
      resolvedRoutes.set(route, resolved);
    }
    if (!resolved.ok) return { result: { status: 'retry', reason: resolved.problem }, route };
    const { connector, config } = resolved;
    const application = await open();
    const signal = AbortSignal.any([AbortSignal.timeout(connector.timeoutMs), shutdown.signal]);
    try {
      const result = await connector.deliver(
        {
          deliveryId: delivery.id,
          idempotencyKey: delivery.idempotency_key,
          attempt: delivery.attempts,
          route: { id: route.id, name: route.name },
          application,
        },
        config,
        signal,
      );
      return { result, route };
    } catch (error) {
      if (signal.aborted) {
        return {
          result: { status: 'retry', reason: 'the receiver did not answer in time' },
          route,
        };
      }
      log.error(
        { deliveryId: delivery.id, connector: connector.type, err: (error as Error)?.stack },
        'connector threw',
      );
      return { result: { status: 'retry', reason: `connector error: ${reasonOf(error)}` }, route };
    }
  }

  type Settling = {
    delivery: repo.ClaimedDelivery;
    outcome: repo.Outcome;
    done: (written: boolean) => void;
    fail: (error: unknown) => void;
  };
  /** Outcomes waiting for the next write; written while the one before commits. */
  let settling: Settling[] = [];
  let writing = false;

  /**
   * Writes one outcome together with every other that ends while a write is under way (group
   * commit: one transaction for all, none waits for a timer). True when the lease was still
   * this worker's.
   */
  function settle(delivery: repo.ClaimedDelivery, outcome: repo.Outcome): Promise<boolean> {
    return new Promise<boolean>((done, fail) => {
      settling.push({ delivery, outcome, done, fail });
      if (!writing) void writeSettling();
    });
  }

  async function writeSettling(): Promise<void> {
    writing = true;
    while (settling.length > 0) {
      const batch = settling;
      settling = [];
      try {
        const { written, after } = await writeOutcomes(batch);
        for (const s of batch) s.done(written.has(s.delivery.id));
        for (const step of after) {
          await step().catch((error: unknown) => {
            log.error({ err: reasonOf(error) }, 'after-delivery step failed');
          });
        }
      } catch (error) {
        for (const s of batch) s.fail(error);
      }
    }
    writing = false;
  }

  /** A delivery that will be attempted again: retried later, or failed/rejected (resend). */
  const tryAgain = (outcome: repo.Outcome) =>
    outcome.status === 'pending' || outcome.status === 'failed' || outcome.status === 'rejected';

  /**
   * One worker transaction: the outcomes, what rides along (withOutcomes), and each
   * application now received.
   */
  async function writeOutcomes(
    batch: readonly Settling[],
  ): Promise<{ written: Set<string>; after: (() => Promise<void>)[] }> {
    const at = now();
    const outcomes = batch.map((s) => ({ id: s.delivery.id, outcome: s.outcome }));
    const markReceived = options.markReceived;
    const deliveredApps = [
      ...new Set(
        batch.filter((s) => s.outcome.status === 'delivered').map((s) => s.delivery.application_id),
      ),
    ];
    const withOutcomes = options.withOutcomes;
    const receiving = markReceived !== undefined && deliveredApps.length > 0;
    if (receiving || withOutcomes !== undefined) {
      try {
        return await asWorker(async (trx) => {
          // The applications locked first, in id order as every batch locks them: what follows
          // writes only rows this transaction holds, so no two batches deadlock.
          const again = new Set(
            batch.filter((s) => tryAgain(s.outcome)).map((s) => s.delivery.application_id),
          );
          await repo.lockApplications(trx, [...new Set([...deliveredApps, ...again])]);
          const written = await repo.finishMany(trx, workerId, at, outcomes);
          const batchApps = new Set(batch.map((s) => s.delivery.application_id));
          await withOutcomes?.(
            trx,
            [...batchApps].map((id) => ({ id, again: again.has(id) })),
          );
          if (markReceived === undefined || deliveredApps.length === 0) {
            return { written, after: [] };
          }
          const writtenApps = new Set(
            batch.filter((s) => written.has(s.delivery.id)).map((s) => s.delivery.application_id),
          );
          const ready = await repo.deliveredApplications(
            trx,
            deliveredApps.filter((id) => writtenApps.has(id)),
          );
          if (ready.length === 0) return { written, after: [] };
          const after = await markReceived(
            trx,
            ready.map((app) => ({ id: app.id, authorityId: app.authority_id })),
          );
          return { written, after: [after] };
        });
      } catch (error) {
        // The outcomes count more than the status change and the receipts: written on their
        // own below.
        log.error({ err: reasonOf(error) }, 'after-delivery step failed');
      }
    }
    const written = await asWorker((trx) => repo.finishMany(trx, workerId, at, outcomes));
    return { written, after: [] };
  }

  async function record(
    delivery: repo.ClaimedDelivery,
    result: DeliveryResult,
    route: repo.RouteRow | undefined,
  ): Promise<void> {
    const at = now();
    let outcome: repo.Outcome;
    if (result.status === 'delivered') {
      outcome = {
        status: 'delivered',
        deliveredAt: at,
        receiverReference: result.reference === '' ? null : result.reference.slice(0, 200),
        lastError: null,
      };
    } else if (result.status === 'awaiting') {
      // Handed over; the receiver's confirmation settles it later (ADR 0027), not a retry.
      outcome = {
        status: 'awaiting',
        handedOverAt: at,
        receiverReference: result.reference.slice(0, 200),
        lastError: null,
      };
    } else if (result.status === 'rejected') {
      outcome = { status: 'rejected', lastError: result.reason };
    } else if (delivery.attempts >= backoff.maxAttempts) {
      outcome = { status: 'failed', lastError: result.reason };
    } else {
      const delay = retryDelayMs(delivery.attempts, backoff, options.random);
      const asked = result.notBefore ? result.notBefore.getTime() - at.getTime() : 0;
      const wait = Math.min(backoff.maxMs, Math.max(delay, asked));
      outcome = {
        status: 'pending',
        nextAttemptAt: new Date(at.getTime() + wait),
        lastError: result.reason,
      };
    }
    const written = await settle(delivery, outcome);
    const fields = {
      deliveryId: delivery.id,
      authorityId: delivery.authority_id,
      route: route?.name ?? delivery.route_name,
      attempt: delivery.attempts,
      status: outcome.status,
    };
    if (!written) {
      // The lease ran out and another worker took it: its outcome counts, same idempotency key.
      log.warn(fields, 'delivery lease lost before the outcome was written');
      return;
    }
    if (outcome.status === 'delivered') log.info(fields, 'delivered');
    else if (outcome.status === 'awaiting') log.info(fields, 'handed over, awaiting confirmation');
    else log.warn({ ...fields, reason: outcome.lastError }, 'delivery not delivered');
    if (outcome.status === 'failed' || outcome.status === 'rejected') {
      await alertStaff(
        { db, log, ...(options.mailer ? { mailer: options.mailer } : {}) },
        { ...delivery, route_name: route?.name ?? delivery.route_name },
        route,
        outcome.status,
        fields,
      );
    }
    if (options.onOutcome && (outcome.status === 'failed' || outcome.status === 'rejected')) {
      try {
        await options.onOutcome(delivery, outcome.status);
      } catch (error) {
        log.error({ ...fields, err: reasonOf(error) }, 'after-delivery step failed');
      }
    }
  }

  async function work(): Promise<void> {
    while (running) {
      // A free slot is filled as soon as one delivery ends, not when the whole batch has: one
      // slow receiver does not hold up the other slots. Outcomes not yet written hold back
      // new claims once they are as many again: the database sets the pace, not the receiver.
      if (busy >= concurrency || inFlight.size - busy >= concurrency) {
        await changed();
        continue;
      }
      woken = false;
      let worked = 0;
      try {
        const free = concurrency - busy;
        const started = await claimAndStart(free, aheadMaxMs > 0 ? concurrency : free);
        for (const one of started) one.catch(() => {}); // logged via inFlight
        worked = started.length;
      } catch (error) {
        log.error({ err: reasonOf(error) }, 'delivery claim failed');
      }
      if (!running) break;
      if (worked > 0) continue;
      if (inFlight.size > 0) {
        // Nothing due right now but slots busy: look again when one ends or work is committed.
        await Promise.race([changed(), wakeUp()]);
        wake = undefined;
        continue;
      }
      // Due work is drained without pause; an idle worker waits for a wake-up, for the next
      // retry that comes due, or for the safety-net poll, whichever is first.
      if (!woken) {
        const waitMs = await idleWait();
        // A wake-up while the due time was read: look again at once. A stop() meanwhile found
        // no wait to cut short (wake was not set yet): without this check the worker would
        // sleep through its shutdown for up to idleMs.
        if (!running) break;
        if (!woken)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, waitMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        wake = undefined;
      }
      woken = false;
    }
  }

  /** Until the soonest pending delivery (or lease) comes due, at most `idleMs`. */
  async function idleWait(): Promise<number> {
    if (!options.listen) return idleMs;
    try {
      const dueAt = await asWorker((trx) => repo.nextDueAt(trx));
      if (dueAt === null) return idleMs;
      // A few milliseconds at least: a row another worker is claiming right now looks due.
      return Math.min(idleMs, Math.max(10, dueAt.getTime() - now().getTime()));
    } catch (error) {
      log.error({ err: reasonOf(error) }, 'delivery due time not read');
      return idleMs;
    }
  }

  function onWake() {
    woken = true;
    wake?.();
  }

  return {
    workerId,
    runOnce,
    start() {
      if (running) return;
      running = true;
      if (options.listen) {
        unlisten = options.listen(onWake).catch((error: unknown) => {
          log.error({ err: reasonOf(error) }, 'delivery wake-ups not received; polling instead');
          return undefined;
        });
      }
      loop = work();
    },
    nudge: onWake,
    async stop(graceMs = 10_000) {
      running = false;
      wake?.();
      notifyChange();
      const stopListening = await unlisten;
      await stopListening?.().catch(() => {});
      const settled = Promise.allSettled([...inFlight.values()]);
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([settled, graceOver]);
      clearTimeout(timer);
      shutdown.abort();
      await loop;
      // Claimed ahead and never started: given back untried, for another worker at once.
      const held = ahead.map((r) => r.delivery.id);
      ahead = [];
      if (held.length > 0) {
        await asWorker((trx) => repo.release(trx, held, workerId, now())).catch(
          (error: unknown) => {
            log.error({ err: reasonOf(error) }, 'claims not given back; their lease returns them');
          },
        );
      }
      // The loop does not wait for its deliveries: the aborted ones give their claims back here.
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
