// A receiving system's answer, read no further than a connector needs: a receiver that answers
// with gigabytes must not fill the worker's memory.

/** The body as text, cut at `maxBytes`; stops when the delivery's time is up. */
export async function readCapped(
  response: Response,
  signal: AbortSignal,
  maxBytes: number,
): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Typed as Node's async iterable: the DOM lib that the SAML libraries' types pull in declares
  // ReadableStream without it.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    signal.throwIfAborted();
    size += chunk.byteLength;
    if (size > maxBytes) break;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
