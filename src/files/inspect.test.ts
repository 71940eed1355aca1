import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspectFile, sniffMediaType } from './inspect.ts';
import { MEDIA_TYPES } from './media-types.ts';
import { jpegFile, pdfFile, pngFile, zipBomb, zipFile } from './testing.ts';

const ALL = MEDIA_TYPES;
const reason = (content: Uint8Array, allowed = ALL) => {
  const result = inspectFile(content, allowed);
  return result.ok ? result.mediaType : result.reason;
};
const html = Buffer.from('<!doctype html><title>x</title><script>alert(document.cookie)</script>');

test('real PDF, PNG and JPEG files pass and are typed by their bytes', () => {
  assert.equal(reason(pdfFile()), 'application/pdf');
  assert.equal(reason(pngFile()), 'image/png');
  assert.equal(reason(jpegFile()), 'image/jpeg');
  // A 600-dpi A4 scan and a 48-megapixel phone photo are fine.
  assert.equal(reason(pngFile(4960, 7016)), 'image/png');
  assert.equal(reason(jpegFile(8000, 6000)), 'image/jpeg');
  // Trailing newlines or zero padding after the end are what writers leave; they pass.
  assert.equal(reason(Buffer.concat([pdfFile(), Buffer.alloc(100)])), 'application/pdf');
  assert.equal(reason(Buffer.concat([jpegFile(), Buffer.from('\n')])), 'image/jpeg');
});

test('wrong types renamed to .pdf are refused: the name plays no part', () => {
  const exe = Buffer.from('MZ\x90\x00\x03This program cannot be run in DOS mode.', 'latin1');
  assert.equal(reason(exe), 'type');
  assert.equal(reason(html), 'type');
  assert.equal(reason(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), 'type');
  assert.equal(reason(Buffer.from('Hallo, hier ist Text.')), 'type');
  assert.equal(reason(new Uint8Array()), 'empty');
  assert.equal(sniffMediaType(Buffer.concat([html, pdfFile()])), undefined);
});

test('a field that takes photos only refuses a real PDF', () => {
  assert.equal(reason(pdfFile(), ['image/jpeg', 'image/png']), 'notAllowed');
  assert.equal(reason(pngFile(), ['image/jpeg', 'image/png']), 'image/png');
});

test('zip archives, zip bombs included, are no allowed type; a zip inside a PDF is a polyglot', () => {
  const bomb = zipBomb();
  assert.ok(bomb.length < 200_000, `the bomb packs 100 MB into ${bomb.length} bytes`);
  assert.equal(reason(bomb), 'type');
  // An Office document or a JAR is a ZIP too.
  assert.equal(
    reason(zipFile([{ name: 'word/document.xml', content: Buffer.from('<w/>') }])),
    'type',
  );
  // PDF header, ZIP payload: opens as either, depending on the program.
  const zipInPdf = Buffer.concat([pdfFile(), bomb]);
  assert.equal(reason(zipInPdf), 'polyglot');
  // The ZIP placed before the PDF's end, hidden in an object: the ZIP directory still betrays it.
  const inside = pdfFile({ objects: [`<< /Length 3 >>\nstream\nabc\nendstream`] });
  const eof = inside.lastIndexOf('%%EOF');
  const sneaky = Buffer.concat([
    inside.subarray(0, eof),
    bomb,
    Buffer.from('\n'),
    inside.subarray(eof),
  ]);
  assert.equal(reason(sneaky), 'polyglot');
});

test('polyglots: data after a PNG IEND or a JPEG end marker, HTML inside a PDF', () => {
  assert.equal(reason(Buffer.concat([pngFile(), html])), 'polyglot');
  assert.equal(
    reason(Buffer.concat([pngFile(), Buffer.from('MZ\x90\x00payload', 'latin1')])),
    'polyglot',
  );
  assert.equal(
    reason(Buffer.concat([jpegFile(), Buffer.from('MZ\x90\x00payload', 'latin1')])),
    'polyglot',
  );
  // HTML in a PDF object, before %%EOF: a browser sniffing it would run the script.
  assert.equal(reason(pdfFile({ objects: [`(${html.toString()})`] })), 'polyglot');
  // A PNG whose text chunk carries a script.
  const script = Buffer.from('Comment\0<script>alert(1)</script>', 'latin1');
  assert.equal(reason(pngFile(4, 3, [{ type: 'tEXt', data: script }])), 'polyglot');
});

test('PDFs with JavaScript, launch actions or embedded files are refused, however spelled', () => {
  const js = '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>';
  assert.equal(reason(pdfFile({ catalog: '/OpenAction 5 0 R', objects: [js] })), 'activeContent');
  assert.equal(
    reason(pdfFile({ catalog: '/OpenAction 5 0 R', objects: ['<< /S /Launch /F (cmd.exe) >>'] })),
    'activeContent',
  );
  assert.equal(
    reason(
      pdfFile({
        catalog: '/Names << /EmbeddedFiles 5 0 R >>',
        objects: ['<< /Names [(a.exe) 6 0 R] >>', '<< /Type /EmbeddedFile /Length 0 >>'],
      }),
    ),
    'activeContent',
  );
  // #-escapes in names are the same name to a reader.
  assert.equal(
    reason(
      pdfFile({ catalog: '/OpenAction 5 0 R', objects: ['<< /S /J#61vaScript /J#53 (x) >>'] }),
    ),
    'activeContent',
  );
  // Hidden in a compressed object stream.
  assert.equal(
    reason(pdfFile({ catalog: '/OpenAction 5 0 R', compressed: [js] })),
    'activeContent',
  );
  // A harmless compressed object is fine (links are refused since ADR 0011's update:
  // src/files/pdf-actions.test.ts).
  assert.equal(
    reason(pdfFile({ compressed: ['<< /Type /Annot /Subtype /Text /Contents (Hinweis) >>'] })),
    'application/pdf',
  );
  // Page text that merely says "JavaScript" is content, not an action.
  assert.equal(reason(pdfFile({ text: 'Bitte kein /JavaScript' })), 'application/pdf');
});

test('image decompression bombs: absurd dimensions in the PNG header or the JPEG frame', () => {
  assert.equal(reason(pngFile(100_000, 100_000)), 'dimensions');
  assert.equal(reason(pngFile(20_001, 1)), 'dimensions');
  assert.equal(reason(pngFile(0, 10)), 'dimensions');
  assert.equal(reason(jpegFile(65_535, 65_535)), 'dimensions');
  assert.equal(reason(jpegFile(15_000, 15_000)), 'dimensions');
});

test('truncated or malformed files cannot be checked and are refused', () => {
  const png = pngFile();
  assert.equal(reason(png.subarray(0, png.length - 5)), 'damaged');
  const corrupt = Buffer.from(png);
  corrupt[20] = (corrupt[20] ?? 0) ^ 0xff; // inside IHDR: the CRC no longer matches
  assert.equal(reason(corrupt), 'damaged');
  const jpeg = jpegFile();
  assert.equal(reason(jpeg.subarray(0, jpeg.length - 2)), 'damaged');
  assert.equal(reason(Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n')), 'damaged');
  // An object stream that does not inflate (encrypted, say) hides what it holds.
  const broken = pdfFile({ compressed: ['<< >>'] });
  const at = broken.indexOf('stream\n', broken.indexOf('/ObjStm')) + 7;
  broken[at] = 0;
  broken[at + 1] = 0;
  assert.equal(reason(broken), 'damaged');
});
