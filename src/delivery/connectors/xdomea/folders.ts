// The folders shared with the DMS. The ZIP appears in the drop folder only complete: written to
// a hidden temporary file in the same folder (same file system), flushed to disk, then renamed,
// which is atomic; the folder itself is flushed so the rename survives a crash.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Why a folder cannot be used, phrased for the admin; undefined when it can. */
export async function folderProblem(folder: string, role: string): Promise<string | undefined> {
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) return `the ${role} ${folder} is not a folder`;
    await access(folder, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `the ${role} ${folder} does not exist`;
    if (code === 'EACCES' || code === 'EPERM') return `the ${role} ${folder} is not writable`;
    return `the ${role} ${folder} cannot be used (${code ?? 'unknown error'})`;
  }
}

/** Proves a folder writable by writing and removing a hidden file, as a delivery would. */
export async function probeWritable(folder: string): Promise<void> {
  const probe = join(folder, `.rathausnetz-probe-${randomUUID()}`);
  const handle = await open(probe, 'wx', 0o600);
  await handle.close();
  await rm(probe, { force: true });
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems (and platforms) cannot fsync a directory; the rename still happened.
  } finally {
    await handle.close();
  }
}

/** Writes `name` in `folder` so that readers see either nothing or all of it. */
export async function writeAtomically(folder: string, name: string, data: Buffer): Promise<void> {
  const temporary = join(folder, `.${name}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx', 0o640);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, join(folder, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/**
 * Moves a read answer into a subfolder (`processed`, `unreadable`) of its folder, created when
 * first needed; a name taken there already gets the time appended, so nothing is overwritten.
 * Several worker processes may read one folder: a file already moved by another is fine.
 */
export async function moveAside(folder: string, name: string, subfolder: string): Promise<string> {
  const target = join(folder, subfolder);
  await mkdir(target, { recursive: true });
  let destination = join(target, name);
  try {
    await stat(destination);
    destination = join(target, `${name}.${Date.now()}`);
  } catch {
    // Not there yet: the plain name it is.
  }
  try {
    await rename(join(folder, name), destination);
  } catch (error) {
    // Another worker process read the same answer and moved it first: nothing left to do.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return destination;
}
