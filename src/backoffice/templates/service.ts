// Reply templates (Textbausteine) of an authority: its admins write them, optionally for one
// online service and one status; clerks pick one when they ask for information or change a
// status, and the placeholders are filled in for the application at hand.
import type { Kysely } from 'kysely';
import { isStatus } from '../../applications/status.ts';
import { withAuthority } from '../../db/rls.ts';
import type { ApplicationStatusValue, DB } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { isUuid } from '../../uuid.ts';
import type { StaffSession } from '../staff.ts';
import * as repo from './repository.ts';

export const MAX_TITLE_LENGTH = 120;
export const MAX_TEMPLATE_LENGTH = 2000;

export type Templates = ReturnType<typeof createTemplates>;
export type TemplateRow = Awaited<ReturnType<typeof repo.listTemplates>>[number];
export type TemplateInput = { title: string; body: string; service: string; status: string };

/** Only the authority's admins manage templates; to anyone else the page does not exist. */
function adminOf(s: StaffSession) {
  const m = s.current;
  if (s.stage !== 'active' || m === undefined || m.role !== 'authority_admin') {
    throw new NotFoundError('reply_template', '');
  }
  return m;
}

/** The templates that fit an application's service and a target status (or are general). */
export function templatesFor(
  all: readonly TemplateRow[],
  serviceId: string,
  status?: ApplicationStatusValue,
): TemplateRow[] {
  return all.filter(
    (r) =>
      (r.online_service_id === null || r.online_service_id === serviceId) &&
      (status === undefined || r.status === null || r.status === status),
  );
}

export function createTemplates(deps: { db: Kysely<DB>; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** The admin's page: every template of the authority and the services to choose from. */
  function overview(s: StaffSession) {
    const m = adminOf(s);
    return withAuthority(db, m.authorityId, async (trx) => ({
      templates: await repo.listTemplates(trx, m.authorityId),
      services: await repo.listServices(trx, s.verbundId),
    }));
  }

  async function checked(trx: Kysely<DB>, verbundId: string, input: TemplateInput) {
    const errors: Record<string, string> = {};
    const title = input.title.replace(/\s+/g, ' ').trim();
    const body = input.body.replace(/\r\n?/g, '\n').trim();
    if (title === '') errors.title = 'backoffice.templates.titleEmpty';
    else if ([...title].length > MAX_TITLE_LENGTH)
      errors.title = 'backoffice.templates.titleTooLong';
    if (body === '') errors.body = 'backoffice.templates.bodyEmpty';
    else if ([...body].length > MAX_TEMPLATE_LENGTH)
      errors.body = 'backoffice.templates.bodyTooLong';
    let onlineServiceId: string | null = null;
    if (input.service !== '') {
      const services = await repo.listServices(trx, verbundId);
      if (!isUuid(input.service) || !services.some((x) => x.id === input.service)) {
        errors.service = 'backoffice.templates.service.invalid';
      } else onlineServiceId = input.service;
    }
    let status: ApplicationStatusValue | null = null;
    if (input.status !== '') {
      if (!isStatus(input.status)) errors.status = 'backoffice.templates.status.invalid';
      else status = input.status;
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return { title, body, onlineServiceId, status };
  }

  /** Creates (no id) or changes a template; ValidationError names each bad field. */
  function save(s: StaffSession, id: string | undefined, input: TemplateInput): Promise<string> {
    const m = adminOf(s);
    return withAuthority(db, m.authorityId, async (trx) => {
      const fields = await checked(trx, s.verbundId, input);
      if (id === undefined) {
        return repo.insertTemplate(trx, {
          ...fields,
          verbundId: s.verbundId,
          authorityId: m.authorityId,
        });
      }
      if (!isUuid(id) || !(await repo.updateTemplate(trx, m.authorityId, id, fields, now()))) {
        throw new NotFoundError('reply_template', id);
      }
      return id;
    });
  }

  function remove(s: StaffSession, id: string): Promise<void> {
    const m = adminOf(s);
    if (!isUuid(id)) return Promise.reject(new NotFoundError('reply_template', id));
    return withAuthority(db, m.authorityId, async (trx) => {
      if (!(await repo.deleteTemplate(trx, m.authorityId, id))) {
        throw new NotFoundError('reply_template', id);
      }
    });
  }

  return { overview, save, remove };
}
