import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.ts';
import type { Tenancy } from '../../tenancy/service.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { pageFrame } from '../../web/layout.ts';
import { requireTrustLevel } from '../sign-in/session.ts';
import type { createProfiles, Profile, ProfileInput, VerifiedProfile } from './service.ts';
import { profilePage } from './views.ts';

export type ProfileRoutesOptions = {
  profiles: ReturnType<typeof createProfiles>;
  tenancy: Tenancy;
};

const field = Type.Optional(Type.String({ maxLength: 1024 }));

export const profileRoutes: FastifyPluginAsyncTypebox<ProfileRoutesOptions> = async (
  app,
  { profiles, tenancy },
) => {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: ProfileInput,
    errors: Record<string, MessageKey>,
    current: Profile | undefined,
    verified: VerifiedProfile,
    notice?: MessageKey,
  ) => {
    const dir = await tenancy.directory();
    const municipalities = [...dir.municipalitiesOf.values()]
      .flat()
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
    return profilePage(pageFrame(request.ctx, dir.verbund.name), {
      values,
      errors,
      municipalities,
      csrf: reply.generateCsrf(),
      verified,
      notice,
      version: current && { number: current.version, savedAt: current.created_at },
    });
  };

  app.get(
    '/konto/profil',
    {
      preHandler: requireTrustLevel('basic'),
      schema: { querystring: Type.Object({ gespeichert: Type.Optional(Type.Literal('1')) }) },
    },
    async (request, reply) => {
      const accountId = request.account?.accountId ?? '';
      const current = await profiles.current(accountId);
      const verified = await profiles.verified(accountId);
      // What a provider confirmed is shown as confirmed, over what was typed before.
      const birthDate = verified.birthDate?.value ?? current?.birth_date;
      const [year = '', month = '', day = ''] = birthDate?.split('-') ?? [];
      const values: ProfileInput = {
        givenName: verified.givenName?.value ?? current?.given_name ?? '',
        familyName: verified.familyName?.value ?? current?.family_name ?? '',
        birthDay: day.replace(/^0/, ''),
        birthMonth: month.replace(/^0/, ''),
        birthYear: year,
        street: verified.street?.value ?? current?.street ?? '',
        houseNumber: verified.houseNumber?.value ?? current?.house_number ?? '',
        postcode: verified.postcode?.value ?? current?.postcode ?? '',
        municipalityId: verified.municipalityId?.value ?? current?.municipality_id ?? '',
        phone: current?.phone ?? '',
        language: request.account?.language ?? request.ctx.lang,
      };
      const notice = request.query.gespeichert ? 'accounts.profile.saved' : undefined;
      return reply
        .header('cache-control', 'no-store')
        .page(await render(request, reply, values, {}, current, verified, notice));
    },
  );

  app.post(
    '/konto/profil',
    {
      preHandler: [app.csrfProtection, requireTrustLevel('basic')],
      schema: {
        body: Type.Object({
          givenName: field,
          familyName: field,
          birthDay: field,
          birthMonth: field,
          birthYear: field,
          street: field,
          houseNumber: field,
          postcode: field,
          municipalityId: field,
          phone: field,
          language: field,
          _csrf: field,
        }),
      },
    },
    async (request, reply) => {
      const accountId = request.account?.accountId ?? '';
      const b = request.body;
      const values: ProfileInput = {
        givenName: b.givenName ?? '',
        familyName: b.familyName ?? '',
        birthDay: b.birthDay ?? '',
        birthMonth: b.birthMonth ?? '',
        birthYear: b.birthYear ?? '',
        street: b.street ?? '',
        houseNumber: b.houseNumber ?? '',
        postcode: b.postcode ?? '',
        municipalityId: b.municipalityId ?? '',
        phone: b.phone ?? '',
        language: b.language ?? '',
      };
      const dir = await tenancy.directory();
      const ids = new Set([...dir.municipalitiesOf.values()].flat().map((m) => m.id));
      try {
        await profiles.update(accountId, values, ids);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const current = await profiles.current(accountId);
        const verified = await profiles.verified(accountId);
        return reply.page(
          await render(
            request,
            reply,
            values,
            error.fields as Record<string, MessageKey>,
            current,
            verified,
          ),
          422,
        );
      }
      return reply.redirect('/konto/profil?gespeichert=1', 303);
    },
  );
};
