import type { PROBLEMS_SV } from './problems.sv';

/** What a problem document says to people, in English: the same keys as problems.sv.ts. */
export const PROBLEMS_EN: { [K in keyof typeof PROBLEMS_SV]: { [L in keyof (typeof PROBLEMS_SV)[K]]: string } } = {
  title: {
    '400': 'Bad Request',
    '401': 'Unauthorized',
    '403': 'Forbidden',
    '404': 'Not Found',
    '405': 'Method Not Allowed',
    '406': 'Not Acceptable',
    '408': 'Request Timeout',
    '409': 'Conflict',
    '410': 'Gone',
    '412': 'Precondition Failed',
    '413': 'Content Too Large',
    '415': 'Unsupported Media Type',
    '422': 'Unprocessable Content',
    '428': 'Precondition Required',
    '429': 'Too Many Requests',
    '500': 'Internal Server Error',
    '502': 'Bad Gateway',
    '503': 'Service Unavailable',
  },
  detail: {
    PERSONAL_IDENTITY_NUMBER_IN_TEXT:
      "The text contains a Swedish personal identity number or coordination number. Deviations are mirrored to SKR's " +
      'Jira in the cloud and sent by e-mail, so personal data must not appear in free text: remove the number or refer ' +
      'to the person another way (for example "test person 3" or an anonymised reference). In the test environment, ' +
      "Skatteverket's test personal identity numbers are fine.",
  },
};
