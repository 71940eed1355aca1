// ClamAV's daemon over TCP or a unix socket, with the INSTREAM command: the file goes in
// chunks (4-byte big-endian length, then the bytes), a zero length ends it, clamd answers
// `stream: OK` or `stream: <signature> FOUND`. Nothing touches the disk on our side.
import { connect, type Socket } from 'node:net';
import { ScannerUnavailableError, type ScanResult, type VirusScanner } from './scanner.ts';

export type ClamdAddress = { host: string; port: number } | { path: string };

/** `tcp://host:3310` or `unix:/run/clamav/clamd.ctl`; undefined for anything else. */
export function parseClamdUrl(url: string): ClamdAddress | undefined {
  const unix = /^unix:(\/.+)$/.exec(url);
  if (unix) return { path: unix[1] as string };
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})\/?$/.exec(url);
  const port = Number(tcp?.[2]);
  if (!tcp || port < 1 || port > 65535) return undefined;
  return { host: (tcp[1] as string).replace(/^\[|\]$/g, ''), port };
}

export type ClamdOptions = {
  /** For the whole exchange; a scan that takes longer counts as unavailable. */
  timeoutMs?: number;
  chunkBytes?: number;
};

export function clamdScanner(url: string, options: ClamdOptions = {}): VirusScanner {
  const address = parseClamdUrl(url);
  if (address === undefined) throw new Error(`not a clamd address: ${url}`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  return {
    scan: (content) => instream(address, content, timeoutMs, chunkBytes),
  };
}

function instream(
  address: ClamdAddress,
  content: Uint8Array,
  timeoutMs: number,
  chunkBytes: number,
): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const socket: Socket = 'path' in address ? connect(address.path) : connect(address);
    const replies: Buffer[] = [];
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new ScannerUnavailableError(`clamd: ${reason}`));
    };
    socket.setTimeout(timeoutMs, () => fail('timed out'));
    socket.on('error', (error) => fail(error.message));
    socket.on('data', (data) => replies.push(data));
    socket.on('end', () => {
      if (settled) return;
      const reply = Buffer.concat(replies).toString('utf8').replace(/\0$/, '').trim();
      if (reply === 'stream: OK') {
        settled = true;
        socket.end();
        resolve({ infected: false });
        return;
      }
      const found = /^stream: (.+) FOUND$/.exec(reply);
      if (found) {
        settled = true;
        socket.end();
        resolve({ infected: true, signature: found[1] as string });
        return;
      }
      // e.g. "INSTREAM size limit exceeded. ERROR": the file was not checked.
      fail(`unexpected reply "${reply.slice(0, 200)}"`);
    });
    socket.once('connect', async () => {
      try {
        await write(socket, Buffer.from('zINSTREAM\0'));
        for (let offset = 0; offset < content.length; offset += chunkBytes) {
          const chunk = content.subarray(offset, Math.min(offset + chunkBytes, content.length));
          const length = Buffer.alloc(4);
          length.writeUInt32BE(chunk.length);
          await write(socket, length);
          await write(socket, chunk);
        }
        await write(socket, Buffer.alloc(4));
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    });
  });
}

/** Writes with back-pressure; rejects when the socket is gone (clamd hung up early). */
function write(socket: Socket, data: Uint8Array): Promise<void> {
  if (socket.destroyed) return Promise.reject(new Error('connection closed'));
  if (socket.write(data)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const closed = () => reject(new Error('connection closed'));
    socket.once('close', closed);
    socket.once('drain', () => {
      socket.off('close', closed);
      resolve();
    });
  });
}
