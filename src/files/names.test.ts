import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentDisposition, sanitiseFileName } from './names.ts';

test('file names lose paths and control characters and get the true extension', () => {
  assert.equal(sanitiseFileName('Bescheid.pdf', 'application/pdf'), 'Bescheid.pdf');
  assert.equal(sanitiseFileName('C:\\Users\\anna\\Lohn.PDF', 'application/pdf'), 'Lohn.pdf');
  assert.equal(sanitiseFileName('../../etc/passwd', 'image/png'), 'passwd.png');
  assert.equal(sanitiseFileName('Foto.pdf', 'image/png'), 'Foto.png');
  assert.equal(sanitiseFileName('a\u0000b\r\nc\u202egnp.pdf', 'image/jpeg'), 'abcgnp.jpg');
  assert.equal(sanitiseFileName('"quoted"<b>.pdf', 'application/pdf'), '_quoted__b_.pdf');
  assert.equal(sanitiseFileName('', 'application/pdf'), 'Anhang.pdf');
  assert.equal(sanitiseFileName('...', 'application/pdf'), 'Anhang.pdf');
  assert.equal(sanitiseFileName('.htaccess', 'application/pdf'), 'htaccess.pdf');
  assert.equal(sanitiseFileName(`${'ü'.repeat(300)}.pdf`, 'application/pdf').length, 120);
  // Bidi overrides and isolates would show "Rechnung\u202Efdp.exe" as "Rechnungexe.pdf".
  assert.equal(
    sanitiseFileName('Rechnung\u2067\u202efdp.exe', 'application/pdf'),
    'Rechnungfdp.pdf',
  );
  assert.equal(sanitiseFileName('..\\..\\windows\\system32\\a.png', 'image/png'), 'a.png');
  assert.equal(sanitiseFileName('/etc/cron.d/<script>x', 'image/png'), '_script_x.png');
});

test('downloads are attachments with an ASCII fallback and the exact name', () => {
  assert.equal(
    contentDisposition('Anhörung für Ärger.pdf'),
    'attachment; filename="Anhoerung fuer Aerger.pdf"; filename*=UTF-8\'\'Anh%C3%B6rung%20f%C3%BCr%20%C3%84rger.pdf',
  );
  assert.equal(
    contentDisposition('文件.pdf'),
    'attachment; filename="Anhang.pdf"; filename*=UTF-8\'\'%E6%96%87%E4%BB%B6.pdf',
  );
});
