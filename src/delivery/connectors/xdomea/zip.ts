// A ZIP archive (PKWARE APPNOTE 6.3, the parts every unzip reads: local headers, central
// directory, end record; no ZIP64, no encryption), built with node:zlib. We only ever write a
// handful of entries, so this stays small, and no dependency is needed for it (ADR 0027).
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);

export type ZipEntry = {
  name: string;
  content: Buffer;
  /** false for content compressed already (JPEG, PNG, PDF): stored without trying deflate. */
  compress?: boolean;
};

const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
const MAX_32 = 0xffffffff;

/** MS-DOS date and time as ZIP stores them (local fields; we store UTC, 2-second steps). */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/** The archive as one buffer; each entry deflated unless that would not make it smaller. */
export async function buildZip(entries: readonly ZipEntry[], modified: Date): Promise<Buffer> {
  if (entries.length > 0xffff) throw new Error('too many entries for a ZIP without ZIP64');
  const { time, date } = dosDateTime(modified);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    // Deflate only where it can help, and keep the result only where it did.
    const packed =
      entry.compress === false ? undefined : await deflate(entry.content, { level: 6 });
    const method =
      packed !== undefined && packed.byteLength < entry.content.byteLength ? DEFLATED : STORED;
    const data = method === DEFLATED && packed !== undefined ? packed : entry.content;
    const crc = crc32(entry.content);
    if (entry.content.byteLength >= MAX_32 || offset + data.byteLength >= MAX_32) {
      throw new Error('archive too large for a ZIP without ZIP64');
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.byteLength, 18);
    local.writeUInt32LE(entry.content.byteLength, 22);
    local.writeUInt16LE(name.byteLength, 26);
    local.writeUInt16LE(0, 28); // no extra field
    parts.push(local, name, data);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the mode below counts)
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.byteLength, 20);
    header.writeUInt32LE(entry.content.byteLength, 24);
    header.writeUInt16LE(name.byteLength, 28);
    // extra, comment, disk number, internal attributes: all 0 (alloc filled them)
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.byteLength + name.byteLength + data.byteLength;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
