// The audit log's catalogue (German and English), registered with the web kit's i18n when
// imported; src/app/messages.ts imports every catalogue.
import { defineCatalogue } from '../web/i18n.ts';
import { auditDe } from './messages.de.ts';
import { auditEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof auditDe, string> {}
}

export const auditMessages = defineCatalogue({ de: auditDe, en: auditEn });
