/** The status line of a form that saves itself as a draft (catalogue key `autosave`), read out politely. */
export const AUTOSAVE_EN = {
  saved: 'Draft saved {{time}}',
  savedExcept:
    'Draft saved {{time}}, except answers that need more before they can be saved (see the questions when you save the section).',
  needsTitle: 'Write a title and the draft is saved as you type.',
  conflict:
    'The draft was changed elsewhere, in another tab or by someone else. What you type is no longer saved automatically: reload the page to see what is saved.',
  failed: 'The draft could not be saved just now. What you typed is still on the page; we will try again as you go on typing.',
  continueDraft: 'Continue filling in the draft',
  draftIntro: 'This is a draft that has not been submitted yet.',
} as const;
