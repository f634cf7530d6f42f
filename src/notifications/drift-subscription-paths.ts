/**
 * Where the driftinformation pages live, known down here because e-mails link them: the status page (src/driftinfo)
 * and the pages that confirm a subscription and unsubscribe with a token from an e-mail.
 */
export const DRIFT_STATUS_PAGE_PATH = '/driftinformation';
export const DRIFT_CONFIRM_PATH = '/driftinformation/prenumeration/bekrafta';
export const DRIFT_UNSUBSCRIBE_PATH = '/driftinformation/prenumeration/avsluta';
