// Test support for the xdomea connector: folders shared with a pretend DMS, and that DMS's
// tools, all real: Info-ZIP's unzip takes the ZIP apart, libxml2's xmllint validates every
// message against the official XSDs in ../shared/data/xdomea/, and the answers are files.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deliveryListCommand } from '../../cli.ts';
import { createOutboxWorker } from '../../outbox.ts';
import { createRouteSettings } from '../../route-settings.ts';
import { deliveryTestDb, fakeLoad, memoryLog, sendApplication } from '../../testing.ts';
import { createRegistry } from '../registry.ts';
import { createXdomeaConnector } from './connector.ts';
import { MESSAGE_0401, MESSAGE_0402, MESSAGE_0403, messageFileName } from './ids.ts';

const run = promisify(execFile);
type Cleanup = Parameters<typeof deliveryTestDb>[0];

const ROOT = join(import.meta.dirname, '../../../..');
/** The root XSD of the Abgabe messages 0401, 0402 and 0403. */
export const ABGABE_XSD = join(
  ROOT,
  '../shared/data/xdomea/schemes/xdomea_3.0.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd',
);

export async function dmsFolders(t: Cleanup) {
  const base = await mkdtemp(join(tmpdir(), 'rathausnetz-xdomea-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const drop = join(base, 'eingang');
  const answers = join(base, 'antworten');
  await mkdir(drop);
  await mkdir(answers);
  return { base, drop, answers };
}

/** `xmllint --schema`: null when valid, else what it said. */
export async function xsdProblems(file: string, xsd = ABGABE_XSD): Promise<string | null> {
  try {
    await run('xmllint', ['--noout', '--schema', xsd, file]);
    return null;
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

/** What the DMS finds in the ZIP: tested with `unzip -t`, then extracted by unzip. */
export async function unpack(zipPath: string, into: string) {
  const tested = await run('unzip', ['-t', zipPath]);
  await mkdir(into, { recursive: true });
  await run('unzip', ['-q', '-o', zipPath, '-d', into]);
  const names = (await readdir(into)).sort();
  return { names, testOutput: tested.stdout };
}

/** The Vorgang's ID as the DMS reads it from the 0401 (what its 0402 must name). */
export function vorgangIdIn(xml: string): string {
  const match = /<xdomea:Vorgang><xdomea:Identifikation><xdomea:ID>([^<]+)<\/xdomea:ID>/.exec(xml);
  if (!match?.[1]) throw new Error('no Vorgang in the 0401');
  return match[1];
}

function kopf(processId: string, code: string, name: string, hint?: string) {
  return [
    '<xdomea:Kopf>',
    `<xdomea:ProzessID>${processId}</xdomea:ProzessID>`,
    `<xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>${code}</code><name>${name}</name></xdomea:Nachrichtentyp>`,
    '<xdomea:Erstellungszeitpunkt>2026-12-01T10:05:00Z</xdomea:Erstellungszeitpunkt>',
    '<xdomea:Absender><xdomea:Institution><xdomea:Name>Samtgemeinde Sögel</xdomea:Name></xdomea:Institution></xdomea:Absender>',
    '<xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Portalverbund Emsland</xdomea:Name></xdomea:Institution></xdomea:Empfaenger>',
    '<xdomea:SendendesSystem><xdomea:Produktname>Test-DMS</xdomea:Produktname><xdomea:Version>1.0</xdomea:Version></xdomea:SendendesSystem>',
    hint === undefined ? '' : `<xdomea:Hinweis>${hint}</xdomea:Hinweis>`,
    '</xdomea:Kopf>',
  ].join('');
}

/** A 0402 as the DMS writes it: imported or not, with reasons. */
export function importConfirmation(p: {
  processId: string;
  objectId: string;
  imported: boolean;
  reasons?: string[];
  hint?: string;
}): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<xdomea:${MESSAGE_0402} xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">`,
    kopf(p.processId, '0402', 'Abgabe.ImportBestaetigen', p.hint),
    '<xdomea:AbgegebenesObjekt>',
    `<xdomea:IDSGO>${p.objectId}</xdomea:IDSGO>`,
    `<xdomea:Erfolgreich>${p.imported ? '1' : '0'}</xdomea:Erfolgreich>`,
    ...(p.reasons ?? []).map((r) => `<xdomea:Fehlermeldung>${r}</xdomea:Fehlermeldung>`),
    '</xdomea:AbgegebenesObjekt>',
    `</xdomea:${MESSAGE_0402}>\n`,
  ].join('');
}

/** A 0403: the DMS received the message (no word on the import yet). */
export function receiptConfirmation(processId: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<xdomea:${MESSAGE_0403} xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">`,
    kopf(processId, '0403', 'Abgabe.EmpfangBestaetigen'),
    `</xdomea:${MESSAGE_0403}>\n`,
  ].join('');
}

/**
 * Writes an answer into the answer folder as the DMS would, dated a minute back so the job
 * does not wait for it to settle. Returns its path.
 */
export async function answer(folder: string, name: string, xml: string | Buffer): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, xml);
  const past = new Date(Date.now() - 60_000);
  await utimes(path, past, past);
  return path;
}

export const answerName = (processId: string, which: '0402' | '0403') =>
  messageFileName(processId, which === '0402' ? MESSAGE_0402 : MESSAGE_0403, 'xml');

export const zipNameOf = (processId: string) => messageFileName(processId, MESSAGE_0401, 'zip');

export const readText = (path: string) => readFile(path, 'utf8');

const VERBUND = 'Portalverbund Emsland';

/** A seeded database with an xdomea route `dms` of Sögel into fresh folders, and a worker. */
export async function xdomeaRoute(t: Cleanup, extra: Record<string, unknown> = {}) {
  const ctx = await deliveryTestDb(t);
  const folders = await dmsFolders(t);
  const connector = createXdomeaConnector({ verbundName: () => Promise.resolve(VERBUND) });
  const connectors = createRegistry([connector]);
  const settings = createRouteSettings({ ...ctx, db: ctx.database.db, connectors });
  const log = memoryLog();
  const worker = createOutboxWorker({
    db: ctx.database.db,
    connectors,
    keyring: ctx.keyring,
    load: fakeLoad,
    log,
  });
  const config = {
    dropFolder: folders.drop,
    answerFolder: folders.answers,
    sendingSystem: 'Rathausnetz',
    recipientAuthorityKey: '034545012',
    recipientUnit: 'Ordnungsamt',
    ...extra,
  };
  await settings.add({
    authoritySlug: ctx.authority.slug,
    name: 'dms',
    type: 'xdomea',
    config,
    alertEmail: 'dms-admin@soegel.example',
  });
  const send = () =>
    sendApplication(ctx.database, {
      verbundId: ctx.verbundId,
      authorityId: ctx.authority.id,
      serviceId: ctx.service.id,
    });
  const delivery = (applicationId: string) =>
    ctx.database.owner
      .selectFrom('delivery')
      .selectAll()
      .where('application_id', '=', applicationId)
      .executeTakeFirstOrThrow();
  const list = async () => {
    const out: string[] = [];
    await deliveryListCommand(ctx.database.db, [ctx.authority.slug], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    return out.join('\n');
  };
  return {
    ...ctx,
    folders,
    connector,
    connectors,
    settings,
    log,
    worker,
    config,
    send,
    delivery,
    list,
  };
}
