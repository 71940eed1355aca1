// Test support: real files of each kind built byte by byte (so a test says exactly what is in
// them), the bad ones the issue names, and a real clamd with a signature database made here.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/**
 * A PNG of grey pixels, with `extra` chunks before the image data; for claimed sizes beyond
 * a megapixel the image data is a stub.
 */
export function pngFile(
  width = 4,
  height = 3,
  extra: { type: string; data: Buffer }[] = [],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows =
    width * height <= 1_000_000 ? Buffer.alloc(height * (width + 1), 0x80) : Buffer.alloc(1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...extra.map((c) => pngChunk(c.type, c.data)),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/**
 * A baseline JPEG's structure: JFIF, an EXIF block whose thumbnail has its own end marker
 * (the walker must not stop there), quantisation and frame headers, a scan with stuffed 0xFF
 * bytes and a restart marker, the end marker.
 */
export function jpegFile(width = 640, height = 480): Buffer {
  const frame = Buffer.alloc(15);
  frame.writeUInt8(8, 0);
  frame.writeUInt16BE(height, 1);
  frame.writeUInt16BE(width, 3);
  frame.set([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 5);
  const entropy = Buffer.from(randomBytes(2048).map((b) => (b === 0xff ? 0x7f : b)));
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 72, 0, 72, 0, 0])),
    jpegSegment(0xe1, Buffer.concat([latin1('Exif\0\0'), Buffer.from([0xff, 0xd8, 0xff, 0xd9])])),
    jpegSegment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    jpegSegment(0xc0, frame),
    jpegSegment(0xc4, Buffer.concat([Buffer.from([0]), Buffer.alloc(16, 0)])),
    jpegSegment(0xda, Buffer.from([3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0])),
    entropy.subarray(0, 1000),
    Buffer.from([0xff, 0x00, 0xff, 0xd0]),
    entropy.subarray(1000),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export type PdfOptions = {
  /** Entries added to the document catalogue, e.g. `/OpenAction 5 0 R`. */
  catalog?: string;
  /** Further objects, numbered from 5 on. */
  objects?: string[];
  /** Objects (numbered from 5 on, after `objects`) put compressed into an object stream. */
  compressed?: string[];
  /** The page's text. */
  text?: string;
};

/** A one-page PDF with a correct cross-reference table. */
export function pdfFile(options: PdfOptions = {}): Buffer {
  const content = `BT /F1 12 Tf 72 712 Td (${options.text ?? 'Nachweis'}) Tj ET`;
  const bodies = [
    `<< /Type /Catalog /Pages 2 0 R${options.catalog ? ` ${options.catalog}` : ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...(options.objects ?? []),
  ];
  const compressed = options.compressed ?? [];
  if (compressed.length > 0) {
    const first = bodies.length + 1;
    let offsets = '';
    let data = '';
    compressed.forEach((body, i) => {
      offsets += `${first + i} ${data.length} `;
      data += `${body}\n`;
    });
    const stream = deflateSync(latin1(offsets + data)).toString('latin1');
    bodies.push(
      `<< /Type /ObjStm /N ${compressed.length} /First ${offsets.length} /Filter /FlateDecode /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    );
  }
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const xref: number[] = [];
  bodies.forEach((body, i) => {
    xref.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const start = out.length;
  out += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const offset of xref) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${start}\n%%EOF\n`;
  return latin1(out);
}

/** A ZIP archive with deflated entries, as zip tools write it. */
export function zipFile(entries: { name: string; content: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = deflateRawSync(entry.content, { level: 9 });
    const name = latin1(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(entry.content), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.content.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(entry.content), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** 100 MB of zeros in ten entries: a classic zip bomb, about 100 KB packed. */
export function zipBomb(): Buffer {
  const zeros = Buffer.alloc(10 * 1024 * 1024);
  return zipFile(Array.from({ length: 10 }, (_, i) => ({ name: `${i}.pdf`, content: zeros })));
}

/** The EICAR test string every virus scanner reports; harmless by design. */
export const EICAR = latin1(
  'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*',
);

export const CLAMD = '/usr/sbin/clamd';

type Cleanup = { after: (fn: () => unknown) => void };

/**
 * Starts the real clamd on a unix socket or a TCP port with a signature database written
 * here: one body signature that finds the EICAR string anywhere in a file (so a PDF carrying
 * it is "infected"), no downloaded signatures, no network. Returns the CLAMD_URL to use.
 */
export async function startClamd(t: Cleanup, transport: 'unix' | 'tcp' = 'unix') {
  if (!existsSync(CLAMD)) {
    throw new Error(`${CLAMD} is missing: apt-get install clamav-daemon (.ci/run does)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'rathausnetz-clamd-'));
  await writeFile(join(dir, 'test.ndb'), `Rathausnetz.Test.EICAR:0:*:${EICAR.toString('hex')}\n`);
  const port = transport === 'tcp' ? await freePort() : 0;
  const socket = join(dir, 'clamd.sock');
  await writeFile(
    join(dir, 'clamd.conf'),
    [
      `DatabaseDirectory ${dir}`,
      transport === 'tcp' ? `TCPSocket ${port}\nTCPAddr 127.0.0.1` : `LocalSocket ${socket}`,
      'Foreground yes',
      `PidFile ${join(dir, 'clamd.pid')}`,
      // Its own log file: clamd locks it, so two daemons sharing one (even /dev/null) clash.
      `LogFile ${join(dir, 'clamd.log')}`,
      'StreamMaxLength 60M',
      '',
    ].join('\n'),
  );
  const child = spawn(CLAMD, ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.after(async () => {
    child.kill();
    await exited;
    await rm(dir, { recursive: true, force: true });
  });
  const url = transport === 'tcp' ? `tcp://127.0.0.1:${port}` : `unix:${socket}`;
  const address = transport === 'tcp' ? { host: '127.0.0.1', port } : { path: socket };
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`clamd exited with ${child.exitCode}`);
    if (await pong(address)) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('clamd did not answer PING within 15 s');
}

function pong(address: { host: string; port: number } | { path: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = 'path' in address ? connect(address.path) : connect(address);
    let reply = '';
    socket.on('error', () => resolve(false));
    socket.on('connect', () => socket.write('zPING\0'));
    socket.on('data', (data) => {
      reply += data.toString();
    });
    socket.on('close', () => resolve(reply.startsWith('PONG')));
  });
}

/** A port nobody listens on right now (and, closed again, one that refuses connections). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
