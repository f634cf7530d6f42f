import { EntityManager } from 'typeorm';

/** What the sync reads of a deviation to write its Jira issue (the party-owned side). */
export interface DeviationForJira {
  id: string;
  partyId: string;
  partyName: string;
  key: string;
  status: string;
  prioritet: string;
  rubrik: string;
  reproduktionssteg: string | null;
  skal: string | null;
  utfall: string;
  forvantat: string | null;
  del: string;
  miljo: string;
  kravreferens: string | null;
  paverkan: number;
  tidpunkt: number;
  kontaktpersoner: { namn: string; telefon: string; epost: string }[];
  /** Public comments written in this service (never internal notes, never comments imported from Jira). */
  comments: { id: string; body: string; authorName: string; createdAt: Date }[];
  attachments: { id: string; filename: string; sizeBytes: number }[];
}

/** What SKR decided in Jira, as our values, to apply to the deviation. */
/** The SKR-owned state as read from Jira, and which of it SKR changed there since the sync last knew it. */
export interface JiraDecision {
  status: string;
  prioritet: string | null;
  resolution: string | null;
  /** Jira's `updated` of the state read. */
  updatedAt: Date;
  /** A value not changed in Jira may merely lag ours (a change made in the service, not yet pushed): it is no decision. */
  changed: { status: boolean; prioritet: boolean; resolution: boolean };
}

export interface ImportedComment {
  jiraCommentId: string;
  body: string;
  authorName: string;
  createdAt: Date;
}

/**
 * The deviations module as the Jira sync needs it. DeviationsService implements it and DeviationsModule provides it
 * under this token, so the sync never touches the deviation tables and the two modules do not import each other
 * (deviations only write outbox rows naming the jira-sync queue).
 */
export abstract class DeviationMirror {
  abstract readForJira(manager: EntityManager, deviationId: string): Promise<DeviationForJira | null>;
  /** Applies what differs and records it in the deviation's history; says whether anything changed. */
  abstract applyJiraDecision(manager: EntityManager, deviationId: string, decision: JiraDecision): Promise<boolean>;
  /** Adds a public SKR comment that came from Jira; returns our comment id. */
  abstract importJiraComment(manager: EntityManager, deviationId: string, comment: ImportedComment): Promise<string>;
  abstract updateImportedComment(manager: EntityManager, commentId: string, body: string): Promise<void>;
  abstract openAttachment(manager: EntityManager, attachmentId: string): Promise<Buffer>;
}
