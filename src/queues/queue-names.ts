/** Every BullMQ queue of the service. Job names and payloads live in each queue's contract file beside its module. */
export const QUEUE_NAMES = {
  jiraSync: 'jira-sync',
  notifications: 'notifications',
  sla: 'sla',
  declarations: 'declarations',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
