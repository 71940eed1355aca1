export const xdomeaDe = {
  'xdomea.imported':
    'Ihr Antrag wurde in das Dokumentenmanagementsystem der Verwaltung übernommen.',
  'xdomea.importedAs':
    'Ihr Antrag wurde in das Dokumentenmanagementsystem der Verwaltung übernommen (Kennung dort: {reference}).',
} as const;
