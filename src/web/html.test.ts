import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, raw } from './html.ts';

test('escapes interpolated text, attributes and nested arrays', () => {
  const name = '<script>alert("x")</script>';
  const page = html`<p title="${`a" onmouseover="x`}">${name}</p><ul>${['<b>', 'ok'].map(
    (item) => html`<li>${item}</li>`,
  )}</ul>`;
  assert.equal(
    page.value,
    '<p title="a&quot; onmouseover=&quot;x">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>' +
      '<ul><li>&lt;b&gt;</li><li>ok</li></ul>',
  );
});

test('renders trusted markup, numbers and skips empty values', () => {
  assert.equal(html`${raw('<br>')}${42}${null}${undefined}${false}`.value, '<br>42');
});
