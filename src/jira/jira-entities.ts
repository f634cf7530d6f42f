import { JiraApiToken } from './jira-api-token.entity';
import { JiraAttachmentLink } from './jira-attachment-link.entity';
import { JiraCommentLink } from './jira-comment-link.entity';
import { JiraFieldOption } from './jira-field-option.entity';
import { JiraIntegration } from './jira-integration.entity';
import { JiraLink } from './jira-link.entity';
import { JiraMapping } from './jira-mapping.entity';
import { JiraPushAttempt } from './jira-push-attempt.entity';
import { JiraWebhookDelivery } from './jira-webhook-delivery.entity';

/** The sync's tables, registered by both the API's module and the worker's. */
export const JIRA_ENTITIES = [
  JiraLink,
  JiraCommentLink,
  JiraAttachmentLink,
  JiraPushAttempt,
  JiraWebhookDelivery,
  JiraMapping,
  JiraIntegration,
  JiraApiToken,
  JiraFieldOption,
];
