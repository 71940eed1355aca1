import type { deliveryDe } from './messages.de.ts';

export const deliveryEn: Record<keyof typeof deliveryDe, string> = {
  'delivery.banner.title': 'Delivery failed',
  'delivery.banner.failed':
    '{count} applications could not be delivered to your case system or DMS.',
  'delivery.banner.late': '{count} deliveries have been under way for more than an hour.',
  'delivery.banner.link': 'See deliveries and send again',
  'delivery.list.title': 'Deliveries to case systems and DMS',
  'delivery.list.lead':
    'Applications that have not reached your case system or DMS yet. Failed and refused deliveries can be sent again; the receiver recognises repeats by the same key.',
  'delivery.list.caption': 'Pending, failed and refused deliveries',
  'delivery.list.empty': 'Every application has been delivered. Nothing to do.',
  'delivery.list.reference': 'Reference number',
  'delivery.list.service': 'Service',
  'delivery.list.route': 'Route',
  'delivery.list.status': 'State',
  'delivery.list.attempts': 'Attempts',
  'delivery.list.error': 'Last error',
  'delivery.list.since': 'Sent on',
  'delivery.list.action': 'Action',
  'delivery.list.noRoute': 'no route',
  'delivery.status.pending': 'Under way',
  'delivery.status.late': 'Late',
  'delivery.status.failed': 'Failed',
  'delivery.status.rejected': 'Refused',
  'delivery.status.delivered': 'Delivered',
  'delivery.status.awaiting': 'Handed over, awaiting import confirmation',
  'delivery.resend.submit': 'Send again',
  'delivery.resend.label': 'Send the delivery of {reference} via {route} again',
  'delivery.resend.done': 'The delivery will be tried again.',
  'delivery.resend.gone':
    'This delivery is no longer failed or refused; perhaps it was sent again already.',
  'delivery.forbidden.title': 'For administrators only',
  'delivery.forbidden': "Your authority's deliveries are shown to the authority's administrators.",
  'delivery.citizen.late':
    'Your application has reached us safely; forwarding it to the administration is taking longer.',
  'delivery.citizen.underWay': 'Your application is being forwarded to the administration.',
};
