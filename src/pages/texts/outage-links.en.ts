/** Linking a deviation to an ongoing outage from the portal (catalogue key `outageLinks`). */
export const OUTAGE_LINKS_EN = {
  reportHeading: 'Ongoing outages and changes',
  reportIntro:
    'If your report concerns one of these, you can link it to the outage from the deviation’s page once submitted, instead of reporting the same thing twice.',
  heading: 'Linked outages',
  none: 'The deviation is not linked to any outage.',
  form: 'Link to an ongoing outage',
  choose: 'Ongoing outage',
  link: 'Link',
  linked: 'The deviation is linked to the outage.',
  required: 'Choose an ongoing outage.',
  refused: 'The outage does not exist or is no longer ongoing. Choose another one in the list.',
} as const;
