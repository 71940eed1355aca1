// Ids in URLs and forms are checked before they reach a query: PostgreSQL refuses a malformed
// uuid with an error (a 500), where a malformed id should simply not be found (a 404).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a uuid in its usual text form, any case. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
