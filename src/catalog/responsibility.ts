// Who handles an online service for a citizen's municipality, and whether it is online there.
// Pure: the directory and the service's activations come in, a decision comes out.
import type { Authority, Directory, Municipality } from '../tenancy/service.ts';
import type * as repo from './repository.ts';

export type OnlineService = NonNullable<Awaited<ReturnType<typeof repo.findOnlineServiceByKey>>>;
export type Activation = Awaited<ReturnType<typeof repo.listActivations>>[number];

export type Contact = {
  authority: Authority;
  /** Office within the authority, e.g. "Ordnungsamt", when the activation names one. */
  unit: string | null;
  phone: string | null;
  email: string | null;
};

/**
 * online: activated, the activation has started and the authority is live.
 * not_activated: the authority does not offer it online (yet).
 * scheduled: activated from a later date. onboarding: the authority's portal is not live yet.
 */
export type Availability = 'online' | 'not_activated' | 'scheduled' | 'onboarding';

export type Responsibility =
  /** A municipal service, and we do not know the citizen's municipality yet. */
  | { kind: 'unknown_place' }
  | {
      kind: 'resolved';
      authority: Authority;
      /** The place it was resolved for; absent for county services asked without one. */
      municipality: Municipality | undefined;
      availability: Availability;
      contact: Contact;
      description: string | null;
      fees: string | null;
    };

export function resolveResponsibility(input: {
  service: OnlineService;
  activations: Activation[];
  directory: Directory;
  municipality: Municipality | undefined;
  /** The catalogue's text, used when neither the Verbund nor the authority wrote one. */
  catalogueDescription: string | null;
  now: Date;
}): Responsibility {
  const { service, directory, municipality } = input;
  let authority: Authority | undefined;
  if (service.level === 'county') {
    // County services serve every municipality of the Verbund alike.
    authority = directory.county;
    if (authority === undefined) throw new Error('the Verbund has no county authority');
  } else {
    if (municipality === undefined) return { kind: 'unknown_place' };
    // A member municipality of a Samtgemeinde belongs to the Samtgemeinde's authority.
    authority = directory.byId.get(municipality.authority_id);
    if (authority === undefined) throw new Error(`no authority for ${municipality.ags}`);
  }
  const activation = input.activations.find((a) => a.authority_id === authority.id);
  let availability: Availability;
  if (activation === undefined) availability = 'not_activated';
  else if (activation.active_since.getTime() > input.now.getTime()) availability = 'scheduled';
  else if (authority.status !== 'live') availability = 'onboarding';
  else availability = 'online';
  return {
    kind: 'resolved',
    authority,
    municipality,
    availability,
    contact: {
      authority,
      unit: activation?.contact_unit ?? null,
      phone: activation?.contact_phone ?? authority.phone,
      email: activation?.contact_email ?? authority.email,
    },
    description:
      activation?.description ?? service.description ?? input.catalogueDescription ?? null,
    fees: activation?.fees ?? service.fees,
  };
}
