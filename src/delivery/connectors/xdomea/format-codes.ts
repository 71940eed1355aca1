// The xdomea code list "Dateiformat" version 2.0 (urn:xoev-de:xdomea:codeliste:dateiformat,
// valid from 2021-10-01; AG xdomea), the entries for what an application can carry. The list is
// not part of ../shared/data/xdomea; these codes were read from the published genericode file.
// Anything else is "Sonstiges" (100) with the extension named in SonstigerName.
export const DATEIFORMAT_LIST = { uri: 'urn:xoev-de:xdomea:codeliste:dateiformat', version: '2.0' };

const BY_EXTENSION: Readonly<Record<string, string>> = {
  bmp: '001',
  csv: '002',
  doc: '003',
  htm: '007',
  html: '008',
  jpe: '009',
  jpeg: '010',
  jpg: '011',
  odp: '013',
  ods: '014',
  odt: '015',
  pdf: '018',
  png: '019',
  ppt: '020',
  rtf: '022',
  tif: '023',
  tiff: '024',
  xls: '028',
  xml: '030',
  docx: '035',
  xlsx: '036',
  pptx: '037',
  txt: '045',
  p7s: '049',
};

export const OTHER_FORMAT = '100';

/** The code for a file's extension; a route may add or override codes (`formatCodes`). */
export function formatCode(
  extension: string,
  overrides: Readonly<Record<string, string>> = {},
): { code: string; otherName?: string } {
  const code = overrides[extension] ?? BY_EXTENSION[extension];
  if (code !== undefined && code !== OTHER_FORMAT) return { code };
  return { code: OTHER_FORMAT, otherName: extension === '' ? 'unbekannt' : extension };
}
