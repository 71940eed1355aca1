// The delivery catalogue (German and English), registered with the web kit's i18n when
// imported; src/app/messages.ts imports every catalogue.
import { defineCatalogue } from '../web/i18n.ts';
import { deliveryDe } from './messages.de.ts';
import { deliveryEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof deliveryDe, string> {}
}

export const deliveryMessages = defineCatalogue({ de: deliveryDe, en: deliveryEn });
