/** Every BullMQ queue of the service. Job names, payloads and default options live in each queue's contract file beside this one. */
export const QUEUE_NAMES = {
  jiraSync: 'jira-sync',
  notifications: 'notifications',
  sla: 'sla',
  declarations: 'declarations',
  retention: 'retention',
  driftinfo: 'driftinfo',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/**
 * Worker options of the queues whose jobs talk to other systems (Jira, SMTP, webhooks): a job whose worker died
 * (a crash, SIGKILL, a lost machine) is taken over by another worker once its lock lapses, within 20 s. 15 s covers
 * the longest single call (10 s Jira timeout); BullMQ renews the lock of a live job on its own, so a slow SMTP send
 * of up to 30 s keeps it.
 */
export const TAKEOVER_WORKER_OPTIONS = { lockDuration: 15_000, stalledInterval: 5_000 } as const;
