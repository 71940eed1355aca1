// The xdomea connector (ADR 0027): each application as an xdomea 3.0.0 message 0401 in a ZIP
// named `{ProzessID}_Abgabe.Abgabe.0401.zip`, put complete into the DMS's drop folder. The
// ProzessID is the delivery's idempotency key, so a retry or resend replaces the same file and
// is the same process to the DMS. Written is not yet taken: the delivery is `awaiting` until
// the DMS's import confirmation (0402) is read back by the confirmation job (confirmations.ts).
import { defineConnector } from '../types.ts';
import { xdomeaConfig } from './config.ts';
import { folderProblem, probeWritable, writeAtomically } from './folders.ts';
import { buildAbgabe } from './message.ts';
import { buildZip } from './zip.ts';

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export function createXdomeaConnector(sender: {
  verbundName: () => Promise<string>;
  productVersion?: string;
}) {
  return defineConnector({
    type: 'xdomea',
    summary:
      "xdomea 3.0 message 0401 as a ZIP in a DMS's drop folder, import confirmation read back",
    configSchema: xdomeaConfig,
    secretKeys: [],
    timeoutMs: 120_000,

    async deliver(item, config) {
      const a = item.application;
      const total = [a.receipt, ...a.attachments].reduce((sum, f) => sum + f.size, 0);
      const limit = config.maxBytes ?? DEFAULT_MAX_BYTES;
      if (total > limit) {
        return {
          status: 'rejected',
          reason: `the files (${total} bytes) exceed the route's limit of ${limit} bytes; nothing was written`,
        };
      }
      // A missing or unwritable folder is the DMS host's to fix: tried again with the reason.
      const problem = await folderProblem(config.dropFolder, 'drop folder');
      if (problem !== undefined) return { status: 'retry', reason: problem };
      const verbundName = await sender.verbundName();
      const message = buildAbgabe(
        item,
        config,
        {
          verbundName,
          ...(sender.productVersion ? { productVersion: sender.productVersion } : {}),
        },
        new Date(),
      );
      const zip = await buildZip(message.entries, a.submittedAt);
      try {
        await writeAtomically(config.dropFolder, message.zipName, zip);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        return { status: 'retry', reason: `writing into the drop folder failed (${code})` };
      }
      return { status: 'awaiting', reference: message.zipName };
    },

    async checkConfig(config) {
      for (const [folder, role] of [
        [config.dropFolder, 'drop folder'],
        [config.answerFolder, 'answer folder'],
      ] as const) {
        const problem = await folderProblem(folder, role);
        if (problem !== undefined) throw new Error(problem);
        try {
          await probeWritable(folder);
        } catch (error) {
          throw new Error(
            `the ${role} ${folder} is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          );
        }
      }
    },
  });
}
