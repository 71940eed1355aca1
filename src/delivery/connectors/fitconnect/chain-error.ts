/** A key's certificate chain does not vouch for it: permanent, the same chain stays broken. */
export class ChainError extends Error {}
