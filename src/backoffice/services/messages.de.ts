// German UI text of "Online-Dienste" (views.ts): which online services an authority offers.
export const onlineServicesDe = {
  'onlineServices.nav': 'Online-Dienste',
  'onlineServices.title': 'Online-Dienste',
  'onlineServices.lead':
    'Hier legen Sie fest, welche Online-Dienste des Verbunds „{verbund}“ Ihre Behörde ({authority}) anbietet. Bürgerinnen und Bürger können einen Dienst nur dort online beantragen, wo er angeboten wird.',
  'onlineServices.leadCounty':
    'Hier legen Sie fest, welche Online-Dienste der Kreisebene Ihre Behörde ({authority}) anbietet. Ein Dienst der Kreisebene gilt für alle Gemeinden des Verbunds.',
  'onlineServices.trustNote':
    'Das Vertrauensniveau legt die Verwaltung des Verbunds „{verbund}“ für jeden Dienst einheitlich für alle Behörden fest; Sie können es hier nicht ändern.',
  'onlineServices.caption': 'Online-Dienste: {authority}',
  'onlineServices.col.service': 'Online-Dienst',
  'onlineServices.col.status': 'Status',
  'onlineServices.col.trust': 'Vertrauensniveau',
  'onlineServices.col.actions': 'Aktionen',
  'onlineServices.none': 'Der Verbund hat noch keine Online-Dienste für Ihre Ebene eingerichtet.',
  'onlineServices.offeredSince': 'Angeboten seit {date}',
  'onlineServices.offeredFrom': 'Angeboten ab {date}',
  'onlineServices.notOffered': 'Nicht angeboten',
  'onlineServices.trust': 'Vertrauensniveau {level}',
  'onlineServices.anonymous': 'auch ohne Bürgerkonto nutzbar',
  'onlineServices.offer': 'Anbieten',
  'onlineServices.offerLabel': 'Anbieten: {title}',
  'onlineServices.withdraw': 'Nicht mehr anbieten',
  'onlineServices.withdrawLabel': 'Nicht mehr anbieten: {title}',
  'onlineServices.edit': 'Angaben bearbeiten',
  'onlineServices.editLabel': 'Angaben bearbeiten: {title}',
  'onlineServices.portal': 'Ansehen, wie Bürgerinnen und Bürger den Dienst sehen: {title}',
  'onlineServices.done.offered':
    '„{title}“ wird jetzt angeboten. Bürgerinnen und Bürger können den Dienst sofort online beantragen.',
  'onlineServices.done.withdrawn':
    '„{title}“ wird nicht mehr angeboten. Neue Anträge sind bei Ihrer Behörde nicht mehr möglich.',
  'onlineServices.done.updated': 'Die Angaben zu „{title}“ wurden gespeichert.',
  'onlineServices.done.unchanged': 'Die Angaben zu „{title}“ waren schon so gespeichert.',
  'onlineServices.already.offered':
    '„{title}“ wird bereits angeboten (zum Beispiel nach einem zweiten Klick). Es wurde nichts geändert.',
  'onlineServices.already.withdrawn':
    '„{title}“ wird bereits nicht mehr angeboten. Es wurde nichts geändert.',
  'onlineServices.back': 'Zurück zu den Online-Diensten',
  'onlineServices.confirm.title': '„{title}“ nicht mehr anbieten?',
  'onlineServices.confirm.lead':
    'Bürgerinnen und Bürger können „{title}“ danach bei Ihrer Behörde ({authority}) nicht mehr online beginnen. Die Seite des Dienstes im Portal sagt dann, dass er hier nicht online angeboten wird.',
  'onlineServices.confirm.drafts':
    'Entwürfe, die Bürgerinnen und Bürger schon begonnen haben, bleiben erhalten: Sie können sie weiter ausfüllen und abschicken, bis sie nach {days} Tagen ohne Änderung ablaufen. Die Anträge gehen dann wie bisher an Ihre Behörde.',
  'onlineServices.confirm.applications':
    'Gesendete Anträge bleiben im Posteingang und werden wie bisher bearbeitet; auch der Postfach-Verkehr dazu bleibt möglich.',
  'onlineServices.confirm.texts':
    'Ihre eigenen Angaben zu diesem Dienst (Beschreibung, Gebühren, Kontakt) werden gelöscht. Bieten Sie ihn später wieder an, gelten zunächst die Texte des Verbunds.',
  'onlineServices.confirm.submit': 'Ja, nicht mehr anbieten',
  'onlineServices.confirm.cancel': 'Abbrechen',
  'onlineServices.edit.title': 'Angaben zu „{title}“',
  'onlineServices.edit.lead':
    'Diese Angaben sehen Bürgerinnen und Bürger auf der Seite des Dienstes, wenn Ihre Behörde zuständig ist. Lassen Sie ein Feld leer, gilt der Text des Verbunds oder der allgemeine Kontakt Ihrer Behörde.',
  'onlineServices.edit.form': 'Angaben zum Online-Dienst',
  'onlineServices.edit.verbundText': 'Text des Verbunds: {text}',
  'onlineServices.edit.verbundNone': 'Der Verbund hat dazu keinen Text hinterlegt.',
  'onlineServices.edit.generalContact': 'Leer: {value} (allgemeiner Kontakt Ihrer Behörde)',
  'onlineServices.edit.generalNone': 'Leer: kein Eintrag',
  'onlineServices.field.description': 'Beschreibung',
  'onlineServices.field.fees': 'Gebühren',
  'onlineServices.field.contactUnit': 'Zuständige Stelle (zum Beispiel Ordnungsamt)',
  'onlineServices.field.contactPhone': 'Telefon',
  'onlineServices.field.contactEmail': 'E-Mail-Adresse',
  'onlineServices.edit.submit': 'Angaben speichern',
  'onlineServices.error.summary': 'Bitte prüfen Sie Ihre Angaben',
  'onlineServices.error.descriptionTooLong':
    'Die Beschreibung darf höchstens 5.000 Zeichen lang sein.',
  'onlineServices.error.feesTooLong': 'Die Gebühren dürfen höchstens 1.000 Zeichen lang sein.',
  'onlineServices.error.unitTooLong': 'Die zuständige Stelle darf höchstens 200 Zeichen lang sein.',
  'onlineServices.error.phone':
    'Geben Sie eine Telefonnummer aus Ziffern ein, zum Beispiel 05952 206-0, oder lassen Sie das Feld leer.',
  'onlineServices.error.email':
    'Geben Sie eine E-Mail-Adresse wie ordnungsamt@soegel.de ein, oder lassen Sie das Feld leer.',
  'onlineServices.notOfferedEdit':
    'Ihre Behörde bietet „{title}“ nicht an. Bieten Sie den Dienst zuerst an, dann können Sie die Angaben bearbeiten.',
} as const;
