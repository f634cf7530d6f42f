import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DeviationForJira } from '../deviations/deviation-mirror';
import { IssueEdit, JiraClient } from './jira-client';
import { JiraCustomFieldsService } from './jira-custom-fields.service';
import { contentHash, fieldsHash, issueDescription, issueSummary } from './jira-issue-content';
import { JiraLink } from './jira-link.entity';
import { JiraMappingService } from './jira-mapping.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { JiraSyncFailureCode, type JiraSyncFailure } from './jira.errors';

/**
 * Brings an issue's summary, description and priority up to the deviation's, under the rule for SKR's own edits: when
 * Jira's summary and description text is no longer what we last wrote, SKR edited it there, and the party's later
 * edit is not written over it — a visible conflict (JIRA_EDIT_CONFLICT) is recorded instead. SKR ends the conflict
 * either by bringing the issue's text to the party's (then nothing is left to write), or by replaying the deviation
 * from the failure list, which lets the party's version through once. Every write of ours records the new hash.
 */
@Injectable()
export class JiraIssueEditService {
  private readonly logger = new Logger(JiraIssueEditService.name);
  private readonly publicBaseUrl: string;

  constructor(
    private readonly jira: JiraClient,
    private readonly state: JiraSyncStateService,
    private readonly mapping: JiraMappingService,
    private readonly customFields: JiraCustomFieldsService,
    config: AppConfig,
  ) {
    this.publicBaseUrl = config.PUBLIC_BASE_URL;
  }

  /** The summary and description a new issue gets, with the hash that marks them as ours. */
  newContent(deviation: DeviationForJira): { summary: string; description: ReturnType<typeof issueDescription>; hash: string } {
    const summary = issueSummary(deviation);
    const description = issueDescription(deviation, this.publicBaseUrl);
    return { summary, description, hash: contentHash(summary, description) };
  }

  async pushFields(deviation: DeviationForJira, link: JiraLink): Promise<{ changed: boolean; failure: JiraSyncFailure | null }> {
    const hash = fieldsHash(deviation);
    // Only a change made in the service since Jira's value was last known is sent; an unknown one is Jira's to tell.
    const priorityMoved = link.jiraPriority !== null && link.jiraPriority !== deviation.prioritet;
    const contentMoved = link.pushedFieldsHash !== hash;
    // SKR's triage in the service shows in Jira's responsible-party field; a value only Jira changed is the pull's.
    const responsibleMoved = this.customFields.carriesResponsibleParty && link.jiraResponsiblePartyId !== deviation.responsiblePartyId;
    // An option Jira refused last time is tried again: jira:setup (or the sync, with Administer Jira) may have given it back.
    const optionRefused = link.lastErrorCode === JiraSyncFailureCode.FieldOptionRefused;
    if (!contentMoved && !priorityMoved && !responsibleMoved && !optionRefused) return { changed: false, failure: null };
    const content = this.newContent(deviation);
    const edit: IssueEdit = {};
    let failure: JiraSyncFailure | null = null;
    if (contentMoved) {
      const inJira = link.writtenContentHash === null ? null : await this.jira.getContent(link.issueId!);
      const jiraHash = inJira && contentHash(inJira.summary, inJira.description);
      if (jiraHash && jiraHash !== link.writtenContentHash && jiraHash !== content.hash) {
        failure = {
          code: JiraSyncFailureCode.EditConflict,
          message:
            `SKR edited the summary or description of ${link.issueKey} in Jira; the party's later edit is not written over it. ` +
            'Bring the issue up to date by hand, or replay the deviation to write the party’s version.',
        };
        this.logger.warn({ deviationId: deviation.id, jiraKey: link.issueKey }, 'jira edit conflict: SKR edited the issue text');
      } else {
        const customFields = await this.customFields.forEdit(link.issueId!, deviation);
        Object.assign(edit, { summary: content.summary, description: content.description, customFields });
      }
    }
    if (priorityMoved) edit.priorityId = await this.mapping.jiraPriorityId(deviation.prioritet);
    if (responsibleMoved || optionRefused) edit.customFields ??= await this.customFields.forEdit(link.issueId!, deviation);
    if (Object.keys(edit).length === 0) return { changed: false, failure };
    const sent = await this.customFields.sendWith(edit.customFields ?? {}, (customFields) =>
      this.jira.editIssue(link.issueId!, { ...edit, customFields }),
    );
    failure ??= sent.failure;
    const written = {
      ...(edit.summary === undefined ? {} : { pushedFieldsHash: hash, writtenContentHash: content.hash }),
      ...(edit.customFields ? { jiraResponsiblePartyId: deviation.responsiblePartyId } : {}),
    };
    await this.state.recordEdit(deviation.id, { ...written, jiraPriority: deviation.prioritet });
    Object.assign(link, written);
    return { changed: true, failure };
  }
}
