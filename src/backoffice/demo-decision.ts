// A one-page decision (Bescheid) for the demo's completed application: made with pdfkit like
// the receipt, so the demo's Postfach holds a real PDF a newcomer can open.
import PDFDocument from 'pdfkit';

export async function demoDecisionPdf(reference: string, authority: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Bescheid ${reference}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.fontSize(16).text(`Bescheid zu Ihrem Antrag ${reference}`);
  doc.moveDown().fontSize(11).text(`${authority} (Demo)`);
  doc.moveDown().text('Ihr Osterfeuer wird unter den üblichen Auflagen zur Kenntnis genommen.');
  doc.moveDown().text('Dies ist ein Beispiel-Bescheid des Rathausnetz-Demos.');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
