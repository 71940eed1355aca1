// Our additions to the imported catalogue: synonyms citizens actually type and a short
// description, for the services the Verbund offers online first. The source catalogue has
// neither. Keyed by LeiKa key; applied on every import, so a re-import never loses them.

export type Curation = { leikaKey: string; synonyms: string[]; description: string | null };

export const CURATION: readonly Curation[] = [
  {
    leikaKey: '99063010000000', // Osterfeuer
    synonyms: ['Brauchtumsfeuer', 'Osterfeuer anmelden', 'Traditionsfeuer', 'Feuer im Freien'],
    description:
      'Wer ein Osterfeuer oder ein anderes Brauchtumsfeuer abbrennen möchte, muss es vorher bei der Gemeinde anmelden. Verbrannt werden darf nur unbehandeltes Holz und Strauchwerk, und eine Brandwache muss das Feuer bis zum vollständigen Erlöschen beaufsichtigen.',
  },
  {
    leikaKey: '99063010006000', // Osterfeuer Genehmigung
    synonyms: ['Brauchtumsfeuer Genehmigung'],
    description: null,
  },
  {
    leikaKey: '99102013000000', // Hundesteuer
    synonyms: ['Hund anmelden', 'Hundeanmeldung', 'Hundesteuermarke', 'Hund abmelden'],
    description:
      'Wer einen Hund hält, muss ihn bei der Gemeinde zur Hundesteuer anmelden, in der Regel innerhalb von zwei Wochen nach der Anschaffung oder dem Zuzug. Sie erhalten einen Steuerbescheid und eine Hundesteuermarke.',
  },
  {
    leikaKey: '99001009000000', // Sperrmüll
    synonyms: ['Sperrgut', 'Sperrabfall', 'Sperrmüllabholung', 'Möbel entsorgen'],
    description: null,
  },
  {
    leikaKey: '99001009004002', // Sperrmüll Entsorgung durch Abholung
    synonyms: ['Sperrmüll anmelden', 'Sperrgut abholen lassen', 'Sperrmüllabholung'],
    description:
      'Sperrige Gegenstände aus dem Haushalt, etwa Möbel, Matratzen oder Teppiche, holt die Abfallwirtschaft des Landkreises nach Anmeldung an Ihrer Adresse ab. Sie erhalten einen Abholtermin.',
  },
  {
    leikaKey: '99115003012000', // amtliche Meldebestätigung Ausstellung
    synonyms: ['Meldebescheinigung', 'Meldebescheinigung beantragen', 'Wohnsitzbescheinigung'],
    description:
      'Eine Meldebescheinigung bestätigt, unter welcher Anschrift Sie gemeldet sind, zum Beispiel für den Arbeitgeber, die Bank oder eine Behörde. Sie wird von der Meldebehörde Ihres Wohnorts ausgestellt.',
  },
  {
    leikaKey: '99089014014000', // Schadensbeseitigung an öffentlichen Einrichtungen Meldung
    synonyms: ['Mängel melden', 'Mängelmelder', 'Schaden melden', 'Schlagloch', 'wilder Müll'],
    description:
      'Melden Sie Schäden und Mängel im öffentlichen Raum, etwa ein Schlagloch, eine defekte Straßenlaterne oder illegal abgelagerten Müll. Ein Foto hilft der Verwaltung, den Ort schnell zu finden.',
  },
  {
    leikaKey: '99050012104000', // Gewerbe Anmeldung
    synonyms: ['Gewerbeanmeldung', 'Gewerbe anmelden', 'Gewerbeschein', 'Selbstständigkeit'],
    description:
      'Wer ein Gewerbe beginnt, muss es gleichzeitig bei der Gemeinde anmelden, in der die Betriebsstätte liegt. Die Gewerbeanmeldung wird an Finanzamt, Industrie- und Handelskammer oder Handwerkskammer und weitere Stellen weitergeleitet.',
  },
];
