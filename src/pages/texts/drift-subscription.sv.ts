/** The subscription pages' texts (confirm, unsubscribe, the form on the status page), Swedish: the reference. */
export const DRIFT_SUBSCRIPTION_SV = {
  confirmTitle: 'Bekräfta prenumeration',
  confirmIntro: 'Bekräfta att den här adressen ska få e-post om driftstörningar och planerade ändringar i SSBTEK.',
  confirmButton: 'Bekräfta prenumerationen',
  confirmedTitle: 'Prenumerationen är bekräftad',
  confirmedText: 'Du får nu e-post när driftinformation publiceras. Varje meddelande har en länk för att avsluta.',
  unsubscribeTitle: 'Avsluta prenumeration',
  unsubscribeIntro: 'Vill du sluta få e-post om driftinformation för SSBTEK?',
  unsubscribeButton: 'Avsluta prenumerationen',
  unsubscribedTitle: 'Prenumerationen är avslutad',
  unsubscribedText: 'Du får inte längre e-post om driftinformation. En extern adress har tagits bort.',
  invalidTitle: 'Länken fungerar inte',
  invalidText: 'Länken är redan använd, har gått ut eller är felaktig. Du kan anmäla dig på nytt från driftinformationssidan.',
  backToStatus: 'Till driftinformationen',
  accepted: 'Om adressen kan ta emot e-post skickas en bekräftelselänk dit. Prenumerationen börjar när länken används.',
} as const;
