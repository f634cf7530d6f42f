import { JIRA_SYNC_QUEUE, JiraSyncJob } from './jira-sync.queue';
import { NOTIFICATIONS_QUEUE, NotificationsJob } from './notifications.queue';
import type { JobOf, QueueJob } from './queue-jobs';

// The checks that matter here are the compiler's (npm test runs tsc over specs): each @ts-expect-error line fails the
// type check the day the table stops refusing it.
describe('QueueJob', () => {
  it('should take each job with its own payload', () => {
    const jobs: QueueJob[] = [
      { queue: JIRA_SYNC_QUEUE, jobName: JiraSyncJob.PushDeviation, payload: { deviationId: 'd' } },
      { queue: JIRA_SYNC_QUEUE, jobName: JiraSyncJob.PullIssue, payload: { issueId: '1', deliveryId: 'x' } },
      { queue: NOTIFICATIONS_QUEUE, jobName: NotificationsJob.Deliver, payload: { eventId: 'e' } },
    ];
    expect(jobs).toHaveLength(3);
  });

  it('should refuse a payload of another job, a job of another queue and a missing id', () => {
    const wrong: QueueJob[] = [
      // @ts-expect-error a pull job carries the issue id, not a deviation id
      { queue: JIRA_SYNC_QUEUE, jobName: JiraSyncJob.PullIssue, payload: { deviationId: 'd' } },
      // @ts-expect-error deliver is a job of the notifications queue
      { queue: JIRA_SYNC_QUEUE, jobName: NotificationsJob.Deliver, payload: { eventId: 'e' } },
      // @ts-expect-error the event id is required
      { queue: NOTIFICATIONS_QUEUE, jobName: NotificationsJob.Deliver, payload: {} },
    ];
    expect(wrong).toHaveLength(3);
  });

  it("should narrow a processor's job data by its name", () => {
    const deviationOf = (job: JobOf<typeof JIRA_SYNC_QUEUE>): string | undefined => {
      switch (job.name) {
        case JiraSyncJob.PushDeviation:
          return job.data.deviationId;
        case JiraSyncJob.PullIssue:
          // @ts-expect-error a pull job has no deviation id
          return job.data.deviationId;
        default:
          return undefined;
      }
    };
    expect(deviationOf({ name: JiraSyncJob.PushDeviation, data: { deviationId: 'd' } } as JobOf<typeof JIRA_SYNC_QUEUE>)).toBe('d');
  });
});
