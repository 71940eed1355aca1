import type { xdomeaDe } from './messages.de.ts';

export const xdomeaEn: Record<keyof typeof xdomeaDe, string> = {
  'xdomea.imported':
    "Your application has been taken into the administration's document management system.",
  'xdomea.importedAs':
    "Your application has been taken into the administration's document management system (its reference there: {reference}).",
};
