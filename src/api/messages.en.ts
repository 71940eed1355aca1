import type { apiDe } from './messages.de.ts';

export const apiEn: Record<keyof typeof apiDe, string> = {
  'api.credentials.title': 'API access for specialist software and DMS',
  'api.credentials.lead':
    "With an API credential, specialist software or a DMS reports an application's progress over the back-channel, sends messages and decisions to the applicant's Postfach and confirms receipt. Each credential belongs to one of your delivery routes and sees only the applications that came through it.",
  'api.credentials.spec': 'Interface description (OpenAPI)',
  'api.credentials.caption': 'Issued API credentials',
  'api.credentials.empty': 'No API credential has been issued yet.',
  'api.credentials.label': 'Label',
  'api.credentials.labelHint':
    'What the credential is for, for example "Fachverfahren Ordnungsamt".',
  'api.credentials.route': 'Delivery route',
  'api.credentials.issuedAt': 'Issued on',
  'api.credentials.lastUsed': 'Last used',
  'api.credentials.never': 'never',
  'api.credentials.state': 'State',
  'api.credentials.active': 'Active',
  'api.credentials.revokedAt': 'Revoked on {date}',
  'api.credentials.action': 'Action',
  'api.credentials.revoke': 'Revoke',
  'api.credentials.revokeLabel': 'Revoke: credential {label}',
  'api.credentials.revoked': 'The credential was revoked. The system can no longer use it.',
  'api.credentials.gone': 'This credential does not exist or is revoked already.',
  'api.credentials.new': 'Issue a new API credential',
  'api.credentials.noRoutes':
    'An API credential belongs to a delivery route. Set one up under "Delivery routes" first.',
  'api.credentials.issue': 'Issue credential',
  'api.credentials.issued.title': 'API credential issued',
  'api.credentials.issued.lead':
    'Give this key to the specialist software or DMS as "Authorization: Bearer …". It is shown only now; we keep only a checksum of it. If it is lost, revoke it and issue a new one.',
  'api.credentials.issued.token': 'Key for {label}',
  'api.credentials.back': 'Back to API access',
  'api.credentials.error.summary': 'Please check your entries',
  'api.credentials.error.label': 'Please enter a label of at most 80 characters.',
  'api.credentials.error.route': 'Please choose one of your delivery routes.',
  'api.credentials.error.ambiguous':
    'This short name is used for several services. Give the routes different short names.',
};
