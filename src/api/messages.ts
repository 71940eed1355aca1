// The back-channel's catalogue (German and English): the back office's "API-Zugänge" page. The
// API itself answers in JSON with English problem details (ADR 0030).
import { defineCatalogue } from '../web/i18n.ts';
import { apiDe } from './messages.de.ts';
import { apiEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof apiDe, string> {}
}

export const apiMessages = defineCatalogue({ de: apiDe, en: apiEn });
