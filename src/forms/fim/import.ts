// FIM XDatenfelder import: XML in, a checked form definition and a report out. The
// definition is loaded like any other (loadDefinition), so an import never yields a
// document the portal would refuse.
import type { FormDefinition } from '../definition.ts';
import { checkDefinition } from '../definition-check.ts';
import { type ImportReport, mapDocument } from './map.ts';
import { FimFormatError, parseFim } from './parse.ts';

export type { ImportReport } from './map.ts';
export { FimFormatError } from './parse.ts';

/** The mapped document did not pass loadDefinition; `problems` says why. */
export class FimImportError extends Error {}

export type FimImport = { definition: FormDefinition; report: ImportReport };

export function importFim(xml: string): FimImport {
  const { document, report } = mapDocument(parseFim(xml));
  const checked = checkDefinition(document);
  if (!checked.ok) {
    throw new FimImportError(
      `The imported form definition does not load:\n${checked.problems
        .map((p) => `  ${p.path || '/'}: ${p.message}`)
        .join('\n')}`,
    );
  }
  return { definition: checked.definition, report };
}

export function isFimError(error: unknown): error is FimFormatError | FimImportError {
  return error instanceof FimFormatError || error instanceof FimImportError;
}

/** The report as lines for the terminal. */
export function describeReport(report: ImportReport): string[] {
  const s = report.source;
  const lines = [
    `FIM XDatenfelder ${s.standard} ${s.message} ${s.id}${s.version ? ` v${s.version}` : ''} „${s.name}“`,
    `Mapped: ${report.steps} step(s), ${report.fields} input field(s).`,
  ];
  lines.push(`Rules not mapped (Regeln): ${report.rules.length}`);
  for (const r of report.rules) lines.push(`  - ${r.where}: ${r.message}`);
  lines.push(`Not mapped or adjusted: ${report.unmapped.length}`);
  for (const u of report.unmapped) lines.push(`  - ${u.where}: ${u.message}`);
  lines.push(`Untranslated (English text is a copy of the German): ${report.untranslated.length}`);
  for (const path of report.untranslated) lines.push(`  - ${path}`);
  return lines;
}
