/** Uploading evidence with progress and showing image evidence (catalogue key `evidence`). */
export const EVIDENCE_SV = {
  heading: 'Bevis',
  reportHint: 'Bifoga skärmbilder, loggar eller andra filer. De sparas i utkastet och skickas in med avvikelsen.',
  noScript: 'Du kan bifoga filer på avvikelsens sida när du har skickat in den.',
  progress: 'Uppladdning av filen',
  uploading: 'Laddar upp {{name}} …',
  uploaded: '{{name}} är uppladdad.',
  needsDraft: 'Skriv en rubrik först: filen bifogas till utkastet, som sparas när det har en rubrik.',
  tooLarge: 'Filen är större än vad som tas emot. Välj en mindre fil, till exempel ett utdrag ur loggen.',
  refusedType: 'Filer av den typen tas inte emot. Välj en bild, PDF, zip, ett Office-dokument eller en textfil.',
  failed: 'Filen kunde inte laddas upp just nu. Försök igen.',
  preview: 'Förhandsvisning av {{name}}',
  uploadedFiles: 'Bifogade filer',
} as const;
