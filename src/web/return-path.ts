// Where a page sends the citizen back to (`?zurueck=`, `weiter=`) comes from the request, so it
// is checked here, once, before it reaches a Location header or a link: a same-site path of
// printable ASCII, where every `%` starts a proper escape. Anything else means "/", never an
// error: a header value outside Latin-1 makes Node refuse the whole response.

/** Printable ASCII without space, backslash and `%`, or a `%XX` escape, from the first `/` on. */
const SAFE_PATH = /^\/(?:[!-$&-[\]-~]|%[0-9A-Fa-f]{2})*$/;

/** "/x" yes; "//evil.example", "/\\evil", "https://…", "/\u202e", "/%zz" fall back to "/". */
export function returnPath(value: string | undefined): string {
  if (value === undefined || value.length > 512) return '/';
  // "//host" and "/\host" are read by browsers as another host.
  if (!SAFE_PATH.test(value) || value.startsWith('//')) return '/';
  // Escapes must spell UTF-8: "/%E2%80" is cut off in the middle of a character.
  try {
    decodeURIComponent(value);
  } catch {
    return '/';
  }
  return value;
}
