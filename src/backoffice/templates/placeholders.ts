// The placeholders of reply templates: what a clerk may write in a Textbaustein and what each
// becomes when it is inserted into a message. Unknown braces stay as written, so a typo shows.
export const PLACEHOLDERS = ['Aktenzeichen', 'Leistung', 'Frist', 'Behörde', 'Datum'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * Fills in what is known; a value that is not known (no due date chosen yet) leaves its
 * placeholder in the text, for the clerk to see and replace before sending.
 */
export function fillPlaceholders(
  text: string,
  values: Partial<Record<Placeholder, string>>,
): string {
  return text.replace(/\{([A-Za-zÄÖÜäöüß]+)\}/g, (whole, name: string) => {
    const value = values[name as Placeholder];
    return value === undefined || value === '' ? whole : value;
  });
}
