// `cli forms:import-fim <file.xml> [--out <file.json>]`: prints the report (to stderr when
// the definition goes to stdout, so the JSON can be piped) and writes the definition.
import { readFile, writeFile } from 'node:fs/promises';
import { describeReport, importFim, isFimError } from './import.ts';

type Output = { out: (line: string) => void; err: (line: string) => void };

export const USAGE = 'forms:import-fim <file.xml> [--out <file.json>]';

export async function importFimCommand(args: string[], io: Output): Promise<number> {
  const outAt = args.indexOf('--out');
  const out = outAt === -1 ? undefined : args[outAt + 1];
  const positional = args.filter((_, i) => outAt === -1 || (i !== outAt && i !== outAt + 1));
  const file = positional[0];
  if (file === undefined || positional.length > 1 || (outAt !== -1 && out === undefined)) {
    io.err(`Usage: ${USAGE}`);
    return 2;
  }
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  let result: ReturnType<typeof importFim>;
  try {
    result = importFim(xml);
  } catch (error) {
    if (!isFimError(error)) throw error;
    io.err(`${file}: ${error.message}`);
    return 2;
  }
  const json = `${JSON.stringify(result.definition, null, 2)}\n`;
  const report = describeReport(result.report);
  if (out === undefined) {
    for (const line of report) io.err(line);
    io.out(json.trimEnd());
  } else {
    await writeFile(out, json);
    for (const line of report) io.out(line);
    io.out(`Wrote ${out}`);
  }
  return 0;
}
