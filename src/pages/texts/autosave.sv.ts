/** The status line of a form that saves itself as a draft (catalogue key `autosave`), read out politely. */
export const AUTOSAVE_SV = {
  saved: 'Utkastet sparat {{time}}',
  savedExcept: 'Utkastet sparat {{time}}, utom svar som behöver mer innan de kan sparas (se frågorna när du sparar avsnittet).',
  needsTitle: 'Skriv en rubrik så sparas utkastet medan du skriver.',
  conflict:
    'Utkastet har ändrats någon annanstans, i en annan flik eller av någon annan. Det du skrivit sparas inte automatiskt längre: ladda om sidan för att se det sparade.',
  failed: 'Utkastet kunde inte sparas just nu. Det du skrivit finns kvar på sidan; vi försöker igen när du fortsätter skriva.',
  continueDraft: 'Fortsätt fylla i utkastet',
  draftIntro: 'Det här är ett utkast som ännu inte skickats in.',
} as const;
