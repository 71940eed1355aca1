// The i18n mechanics of the web kit: German (primary) and English. The kit holds no texts of
// its own making: each domain defines its catalogue (its messages.ts with defineCatalogue) and
// adds its keys to `Messages`, so a key that no catalogue has fails type-checking, and an
// English catalogue missing a German key does too. src/app/messages.ts imports them all.
export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Every key of every catalogue, added by each domain's messages.ts through declaration
 * merging (`declare module '…/web/i18n.ts' { interface Messages extends … {} }`).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each domain
export interface Messages {}
export type MessageKey = keyof Messages & string;

export type Catalogue<K extends string = string> = {
  de: Readonly<Record<K, string>>;
  en: Readonly<Record<K, string>>;
};

const texts: Record<Language, Map<string, string>> = { de: new Map(), en: new Map() };
const defined = new WeakSet<object>();

/**
 * Registers a domain's catalogue with the kit and returns it. Registering the same catalogue
 * again does nothing; a key that another catalogue already has is refused, so one domain can
 * never silently change another's text.
 */
export function defineCatalogue<C extends Catalogue>(catalogue: C): C {
  if (defined.has(catalogue)) return catalogue;
  for (const lang of LANGUAGES) {
    for (const key of Object.keys(catalogue[lang])) {
      if (texts[lang].has(key)) throw new Error(`message key ${key} is defined twice`);
    }
  }
  for (const lang of LANGUAGES) {
    for (const [key, text] of Object.entries(catalogue[lang])) texts[lang].set(key, text);
  }
  defined.add(catalogue);
  return catalogue;
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(lang: Language): Translate {
  const catalogue = texts[lang];
  return (key, params) => {
    const text = catalogue.get(key);
    // Type-checking makes every key exist in some catalogue; only a catalogue that was never
    // imported gets here. Say which, instead of showing the key to a citizen.
    if (text === undefined) {
      throw new Error(`no text for ${key}: its catalogue is not imported (src/app/messages.ts)`);
    }
    if (params === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

export function isLanguage(value: unknown): value is Language {
  return value === 'de' || value === 'en';
}

/**
 * Picks de or en from an Accept-Language header. Anything malformed or unknown falls back to
 * German, the portal's primary language: a broken header must never break the page.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header || header.length > 512) return 'de';
  let best: { lang: Language; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...options] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (!isLanguage(primary)) continue;
    const qOption = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
    const q = qOption === undefined ? 1 : Number(qOption.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (best === undefined || q > best.q) best = { lang: primary, q };
  }
  return best?.lang ?? 'de';
}
