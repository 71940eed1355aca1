// The dependency rules of docs/architecture.md, checked on every `npm test` by
// dependency-cruiser with .dependency-cruiser.cjs: no cycles, the web kit and the database
// layer import no domain, no domain imports another's repository or routes, and only the
// composition root imports across everything. A violation fails with the importing and the
// imported file named.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const ROOT = join(import.meta.dirname, '..');
const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));

/** Every violation as "rule: from → to" (cycles name the whole circle). */
async function violations(baseDir: string): Promise<string[]> {
  const { output } = await cruise(['src'], { ...options, baseDir, validate: true });
  const result = output as ICruiseResult;
  return result.summary.violations.map(
    (v) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`,
  );
}

test('the code base keeps its dependency rules', async () => {
  assert.deepEqual(await violations(ROOT), []);
});

test('a forbidden import fails with the offending import named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rathausnetz-deps-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'src/web/layout.ts':
      "import { listThreads } from '../mailbox/service.ts';\nexport { listThreads };\n",
    'src/mailbox/service.ts':
      "import { findDraft } from '../drafts/repository.ts';\nexport const listThreads = findDraft;\n",
    'src/drafts/repository.ts': 'export const findDraft = () => 1;\n',
    'src/db/rls.ts':
      "import { findDraft } from '../drafts/repository.ts';\nexport { findDraft };\n",
    'src/catalog/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
    'src/catalog/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    'src/forms/fields.ts': "import { buildWeb } from '../app/web.ts';\nexport { buildWeb };\n",
    'src/app/web.ts': 'export const buildWeb = 1;\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const found = await violations(dir);
  for (const expected of [
    'web-kit-imports-no-domain: src/web/layout.ts → src/mailbox/service.ts',
    'no-foreign-repository: src/mailbox/service.ts → src/drafts/repository.ts',
    'db-imports-no-domain: src/db/rls.ts → src/drafts/repository.ts',
    'only-the-root-imports-the-root: src/forms/fields.ts → src/app/web.ts',
  ]) {
    assert.ok(found.includes(expected), `${expected}\n  in: ${found.join('\n      ')}`);
  }
  assert.ok(
    found.some((v) => v.startsWith('no-cycles: src/catalog/')),
    `a cycle in: ${found.join('\n')}`,
  );
});
