// The Verbund office's catalogue, registered with the web kit's i18n when imported;
// src/app/messages.ts imports every catalogue.
import { defineCatalogue } from '../../web/i18n.ts';
import { verbundDe } from './messages.de.ts';
import { verbundEn } from './messages.en.ts';

declare module '../../web/i18n.ts' {
  interface Messages extends Record<keyof typeof verbundDe, string> {}
}

export const verbundMessages = defineCatalogue({ de: verbundDe, en: verbundEn });
