// Published form versions are immutable: an application must always be readable against
// exactly the definition it was filled in with. The registry is keyed by id and version and
// compares content hashes, so publishing the same document again is harmless and publishing
// a changed document under an existing version is refused. The drafts step persists the
// same rule in a table (id, version, hash).
import { createHash } from 'node:crypto';
import { ConflictError } from '../errors.ts';
import type { FormDefinition } from './definition.ts';
import { loadDefinition } from './definition-check.ts';
import { builtinDefinitions } from './definitions/index.ts';

/** SHA-256 of the canonical JSON (keys sorted), so key order in a file does not matter. */
export function definitionHash(definition: FormDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type DefinitionRegistry = ReturnType<typeof createDefinitionRegistry>;

export function createDefinitionRegistry() {
  const published = new Map<string, { definition: FormDefinition; hash: string }>();
  // Withdrawn versions stay readable (applications sent with them must be shown as they
  // were), but no draft on them can be sent and no new draft starts on them.
  const withdrawn = new Set<string>();
  const key = (id: string, version: number) => `${id}@${version}`;

  return {
    /**
     * Validates and publishes a definition. Returns the stored one (the earlier object when
     * the identical document was published before); throws DefinitionError when invalid and
     * ConflictError when this id and version already hold a different document.
     */
    publish(document: unknown): FormDefinition {
      const definition = loadDefinition(document);
      const hash = definitionHash(definition);
      const existing = published.get(key(definition.id, definition.version));
      if (existing !== undefined) {
        if (existing.hash === hash) return existing.definition;
        throw new ConflictError(
          `form ${definition.id} version ${definition.version} is published and cannot change; publish version ${latestVersion(definition.id) + 1} instead`,
        );
      }
      published.set(key(definition.id, definition.version), { definition, hash });
      return definition;
    },
    get(id: string, version: number): FormDefinition | undefined {
      return published.get(key(id, version))?.definition;
    },
    /** The highest published version: new drafts start on it, old drafts keep theirs. */
    latest(id: string): FormDefinition | undefined {
      const version = latestVersion(id);
      return version === 0 ? undefined : this.get(id, version);
    },
    /** The highest usable version of every published form: what a new online service may use. */
    latestOfEach(): FormDefinition[] {
      const ids = new Set([...published.values()].map((p) => p.definition.id));
      return [...ids].flatMap((id) => this.latest(id) ?? []);
    },
    hash(id: string, version: number): string | undefined {
      return published.get(key(id, version))?.hash;
    },
    /** Takes a published version out of use, e.g. after a change in the law. */
    withdraw(id: string, version: number): void {
      if (!published.has(key(id, version))) {
        throw new ConflictError(`form ${id} version ${version} is not published`);
      }
      withdrawn.add(key(id, version));
    },
    isWithdrawn(id: string, version: number): boolean {
      return withdrawn.has(key(id, version));
    },
  };

  function latestVersion(id: string): number {
    let latest = 0;
    for (const [k, { definition }] of published) {
      if (withdrawn.has(k)) continue;
      if (definition.id === id && definition.version > latest) latest = definition.version;
    }
    return latest;
  }
}

/** The shipped definitions, published once per process. */
let builtin: DefinitionRegistry | undefined;
export function builtinRegistry(): DefinitionRegistry {
  if (builtin === undefined) {
    builtin = createDefinitionRegistry();
    for (const definition of builtinDefinitions) builtin.publish(definition);
  }
  return builtin;
}
