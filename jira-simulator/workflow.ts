// The fixed configuration of the simulated Jira site: the KHA project's workflow, priorities, resolutions, issue types
// and the two people who act on it. Ids follow Jira Cloud's own numbering so code written against the simulator keeps
// working against a real site configured the same way; simulator.ts documents them for users.

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface StatusCategoryDef {
  id: number;
  key: StatusCategoryKey;
  name: string;
  colorName: string;
  /** The spelling GET /rest/api/3/statuses uses. */
  jiraStatusCategory: 'TODO' | 'IN_PROGRESS' | 'DONE';
}

export const STATUS_CATEGORIES: Record<StatusCategoryKey, StatusCategoryDef> = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray', jiraStatusCategory: 'TODO' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow', jiraStatusCategory: 'IN_PROGRESS' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green', jiraStatusCategory: 'DONE' },
};

export interface StatusDef {
  id: string;
  name: string;
  description: string;
  category: StatusCategoryKey;
  /** The transition that leads into this status. */
  transitionId: string;
  transitionName: string;
}

export const STATUSES: readonly StatusDef[] = [
  {
    id: '10000',
    name: 'Att göra',
    description: 'Ny, ännu inte mottagen av SKR.',
    category: 'new',
    transitionId: '11',
    transitionName: 'Återöppna',
  },
  {
    id: '10001',
    name: 'Mottagen',
    description: 'SKR har tagit emot ärendet.',
    category: 'indeterminate',
    transitionId: '21',
    transitionName: 'Ta emot',
  },
  {
    id: '10002',
    name: 'Under utredning',
    description: 'SKR utreder.',
    category: 'indeterminate',
    transitionId: '31',
    transitionName: 'Starta utredning',
  },
  {
    id: '10003',
    name: 'Åtgärdas',
    description: 'En åtgärd pågår.',
    category: 'indeterminate',
    transitionId: '41',
    transitionName: 'Åtgärda',
  },
  {
    id: '10004',
    name: 'Väntar på komplettering',
    description: 'SKR väntar på svar från rapportören.',
    category: 'indeterminate',
    transitionId: '51',
    transitionName: 'Begär komplettering',
  },
  { id: '10005', name: 'Löst', description: 'Åtgärdat, väntar på stängning.', category: 'done', transitionId: '61', transitionName: 'Lös' },
  { id: '10006', name: 'Stängd', description: 'Avslutat.', category: 'done', transitionId: '71', transitionName: 'Stäng' },
];

export const INITIAL_STATUS_ID = '10000';

/**
 * Transitions are global (any status may move to any other) except out of the done statuses, where only reopening and
 * closing a resolved issue exist: that restriction is what forces a sync to walk the workflow rather than jump.
 */
export function availableTransitions(fromStatusId: string): StatusDef[] {
  const from = statusById(fromStatusId);
  return STATUSES.filter((to) => {
    if (to.id === fromStatusId) return false;
    if (from?.category !== 'done') return true;
    return to.id === INITIAL_STATUS_ID || (from.id === '10005' && to.id === '10006');
  });
}

export function statusById(id: string): StatusDef | undefined {
  return STATUSES.find((status) => status.id === id);
}

export function findStatus(idOrName: string): StatusDef | undefined {
  const wanted = idOrName.toLowerCase();
  return STATUSES.find((status) => status.id === idOrName || status.name.toLowerCase() === wanted);
}

export interface PriorityDef {
  id: string;
  name: string;
  description: string;
  statusColor: string;
  icon: string;
}

export const PRIORITIES: readonly PriorityDef[] = [
  { id: '1', name: 'Highest', description: 'Blocker: stoppar verksamheten.', statusColor: '#d04437', icon: 'highest' },
  { id: '2', name: 'High', description: 'Allvarlig påverkan.', statusColor: '#f15c75', icon: 'high' },
  { id: '3', name: 'Medium', description: 'Påtaglig men begränsad påverkan.', statusColor: '#f79232', icon: 'medium' },
  { id: '4', name: 'Low', description: 'Liten påverkan.', statusColor: '#707070', icon: 'low' },
];

export const DEFAULT_PRIORITY_ID = '3';

export function findPriority(ref: { id?: unknown; name?: unknown }): PriorityDef | undefined {
  if (typeof ref.id === 'string') return PRIORITIES.find((p) => p.id === ref.id);
  if (typeof ref.name === 'string') return PRIORITIES.find((p) => p.name.toLowerCase() === String(ref.name).toLowerCase());
  return undefined;
}

export interface ResolutionDef {
  id: string;
  name: string;
  description: string;
}

export const RESOLUTIONS: readonly ResolutionDef[] = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: 'This issue could not be reproduced.' },
];

/** The resolution Jira's default "set resolution" post function applies when a transition into done names none. */
export const DEFAULT_RESOLUTION_ID = '10000';

export function findResolution(ref: { id?: unknown; name?: unknown }): ResolutionDef | undefined {
  if (typeof ref.id === 'string') return RESOLUTIONS.find((r) => r.id === ref.id);
  if (typeof ref.name === 'string') return RESOLUTIONS.find((r) => r.name.toLowerCase() === String(ref.name).toLowerCase());
  return undefined;
}

export interface IssueTypeDef {
  id: string;
  name: string;
  description: string;
}

export const ISSUE_TYPES: readonly IssueTypeDef[] = [
  { id: '10001', name: 'Task', description: 'A small, distinct piece of work.' },
  { id: '10004', name: 'Bug', description: 'A problem or error.' },
  { id: '10010', name: 'Avvikelse', description: 'En avvikelse rapporterad av en part i SSBTEK.' },
];

export function findIssueType(ref: { id?: unknown; name?: unknown }): IssueTypeDef | undefined {
  if (typeof ref.id === 'string') return ISSUE_TYPES.find((t) => t.id === ref.id);
  if (typeof ref.name === 'string') return ISSUE_TYPES.find((t) => t.name.toLowerCase() === String(ref.name).toLowerCase());
  return undefined;
}

export interface UserDef {
  accountId: string;
  displayName: string;
  emailAddress: string;
  /** `atlassian` (a person, the default) or `app` (an app or Automation rule). */
  accountType?: 'atlassian' | 'app';
}

/** The SKR triager: admin ("edits in Jira") operations act as this person, so they are told apart from the sync's own. */
export const SKR_TRIAGER: UserDef = {
  accountId: '712020:5c1e0d6a-skr0-4e1a-9d5e-000000000002',
  displayName: 'SKR Triagerare',
  emailAddress: 'triage@skr.test',
};

export const SERVICE_ACCOUNT_ID = '712020:5c1e0d6a-sync-4e1a-9d5e-000000000001';

export const PROJECT = { id: '10000', name: 'Kvalitetshöjande åtgärder SSBTEK' } as const;
