// The catalogue of "Online-Dienste", registered with the web kit's i18n when imported;
// src/app/messages.ts imports every catalogue.
import { defineCatalogue } from '../../web/i18n.ts';
import { onlineServicesDe } from './messages.de.ts';
import { onlineServicesEn } from './messages.en.ts';

declare module '../../web/i18n.ts' {
  interface Messages extends Record<keyof typeof onlineServicesDe, string> {}
}

export const onlineServicesMessages = defineCatalogue({
  de: onlineServicesDe,
  en: onlineServicesEn,
});
