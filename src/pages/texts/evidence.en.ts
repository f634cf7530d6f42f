/** Uploading evidence with progress and showing image evidence (catalogue key `evidence`). */
export const EVIDENCE_EN = {
  heading: 'Evidence',
  reportHint: 'Attach screenshots, logs or other files. They are kept with the draft and sent in with the deviation.',
  noScript: 'You can attach files on the deviation’s page once you have submitted it.',
  progress: 'Upload of the file',
  uploading: 'Uploading {{name}} …',
  uploaded: '{{name}} has been uploaded.',
  needsDraft: 'Write a title first: the file is attached to the draft, which is saved once it has a title.',
  tooLarge: 'The file is larger than we accept. Choose a smaller file, an extract of the log for instance.',
  refusedType: 'Files of that type are not accepted. Choose an image, a PDF, a zip, an Office document or a text file.',
  failed: 'The file could not be uploaded just now. Please try again.',
  preview: 'Preview of {{name}}',
  uploadedFiles: 'Attached files',
} as const;
