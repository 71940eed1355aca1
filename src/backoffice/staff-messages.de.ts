// German UI text of the staff administration ("Mitarbeitende", staff-views.ts).
export const staffDe = {
  'backoffice.staff.title': 'Mitarbeitende',
  'backoffice.staff.list': 'Mitarbeitende dieser Behörde',
  'backoffice.staff.name': 'Name',
  'backoffice.staff.role': 'Rolle',
  'backoffice.staff.services': 'Leistungen',
  'backoffice.staff.allServices': 'Alle Leistungen',
  'backoffice.staff.access': 'Zugang',
  'backoffice.staff.active': 'Aktiv',
  'backoffice.staff.locked': 'Gesperrt',
  'backoffice.staff.you': '(Sie)',
  'backoffice.staff.open': '{name}: Rolle, Leistungen und Zugang',
  'backoffice.staff.invite': 'Einladen',
  'backoffice.staff.inviteTitle': 'Neue Person einladen',
  'backoffice.staff.inviteSubmit': 'Einladen',
  'backoffice.staff.invited':
    'Die Einladung wurde per E-Mail an {email} gesendet. Der Link darin ist bis {until} gültig und nur einmal nutzbar.',
  'backoffice.staff.inviteLocked':
    'Der Zugang dieser Person zu Ihrer Behörde ist gesperrt. Geben Sie ihn bei der Person unter „Mitarbeitende“ wieder frei, statt sie neu einzuladen.',
  'backoffice.staff.serviceChoice': 'Nur für diese Leistungen (leer = alle)',
  'backoffice.staff.serviceHint':
    'Gilt nur für die Rolle „Sachbearbeitung“. Ohne Auswahl bearbeitet die Person alle Leistungen dieser Behörde.',
  'backoffice.staff.noServices': 'Diese Behörde bietet noch keine Online-Leistungen an.',
  'backoffice.staff.servicesUnknown':
    'Bitte wählen Sie nur Leistungen, die diese Behörde online anbietet.',
  'backoffice.staff.self':
    'Ihre eigene Rolle und Ihren eigenen Zugang können Sie nicht ändern. Das macht eine andere Person mit der Rolle „Verwaltung der Behörde“.',
  'backoffice.staff.back': 'Zurück zu den Mitarbeitenden',
  'backoffice.staff.changeTitle': 'Rolle und Leistungen ändern',
  'backoffice.staff.changeSubmit': 'Änderung speichern',
  'backoffice.staff.changed':
    'Die Änderung ist gespeichert. Sie gilt ab der nächsten Seite, die die Person aufruft.',
  'backoffice.staff.lock': 'Zugang sperren',
  'backoffice.staff.lockLead':
    'Gesperrt kann sich {name} nicht mehr für {authority} anmelden; ist die Person gerade angemeldet, endet ihre Sitzung sofort. Zugewiesene Anträge bleiben zugewiesen. Sie können den Zugang später wieder freigeben.',
  'backoffice.staff.lockConfirm': 'Zugang von {name} sperren?',
  'backoffice.staff.lockSubmit': 'Ja, Zugang sperren',
  'backoffice.staff.cancel': 'Abbrechen',
  'backoffice.staff.lockDone': 'Der Zugang von {name} ist gesperrt.',
  'backoffice.staff.lockedNote':
    'Der Zugang ist gesperrt: {name} kann sich für {authority} nicht anmelden.',
  'backoffice.staff.unlock': 'Zugang wieder freigeben',
  'backoffice.staff.unlockDone': 'Der Zugang von {name} ist wieder freigegeben.',
} as const;
