// What a real site's configuration refuses that a permissive one accepts: non-global workflows, transition screens and
// validators, create/edit screens, required custom fields, and names in the acting user's language. Each is off by
// default (the permissive site older suites expect) and switched on per test through startJiraSimulator({ screens })
// or admin.setScreens / POST /__admin/screens. Jira's text limits (summary, 32,767 characters) apply always: no site
// can switch them off.
import { adfToText, type AdfDoc } from './adf';
import { INITIAL_STATUS_ID, RESOLUTIONS, STATUSES, statusById, type StatusDef } from './workflow';

export interface CustomFieldDef {
  /** `customfield_<n>`. */
  id: string;
  name: string;
  /** A single-line text field, a single select list (values `{ value }` or `{ id }`), or a labels field. */
  type: 'string' | 'option' | 'labels';
  /** A select list's options when the site starts; more are added through the field context option API. */
  options?: string[];
  /**
   * The projects (ids) the field's one context applies to; unset, the context is global. A select field whose context
   * leaves out the project cannot be set on its issues (Jira says so only as "cannot be set"; the preflight says why).
   */
  contextProjectIds?: string[];
}

/** A select list option as the context option API shows it. */
export interface FieldOption {
  id: string;
  value: string;
  disabled: boolean;
}

export interface ScreenOptions {
  /**
   * 'global' (default): every status reaches every other, done ones only reopen or close. 'strict': the linear workflow
   * SKR-like sites have (STRICT_WORKFLOW): reaching Åtgärdas from Att göra takes three transitions.
   */
  workflow?: 'global' | 'strict';
  /** Status ids no transition leads to, from anywhere. */
  unreachableStatuses?: string[];
  /**
   * Fields the transition into a status requires, by target status id: 'resolution' (its screen), 'comment' (a
   * validator) or a custom field id. The 'strict' workflow defaults to resolution on Löst.
   */
  transitionRequires?: Record<string, string[]>;
  /** Field ids on the create screen; any other field answers "cannot be set". Default: every field. */
  createScreen?: string[];
  /** Field ids on the edit screen; default: every field. */
  editScreen?: string[];
  /** The site's custom fields. */
  customFields?: CustomFieldDef[];
  /** Custom field ids a create must give. */
  requiredCustomFields?: string[];
  /** Status and resolution names in this language; by default statuses are Swedish and resolutions English. */
  language?: 'sv' | 'en';
}

/** The 'strict' workflow's transitions, from status id to the status ids it leads to. */
export const STRICT_WORKFLOW: Record<string, string[]> = {
  '10000': ['10001'],
  '10001': ['10002', '10004'],
  '10002': ['10003', '10004'],
  '10003': ['10005', '10002'],
  '10004': ['10002'],
  '10005': ['10006', INITIAL_STATUS_ID],
  '10006': [INITIAL_STATUS_ID],
};

const STATUS_NAMES_EN: Record<string, string> = {
  '10000': 'To Do',
  '10001': 'Received',
  '10002': 'Under investigation',
  '10003': 'In progress',
  '10004': 'Waiting for information',
  '10005': 'Resolved',
  '10006': 'Closed',
};

const RESOLUTION_NAMES_SV: Record<string, string> = {
  '10000': 'Klar',
  '10001': 'Kommer inte att göras',
  '10002': 'Dubblett',
  '10003': 'Kan inte återskapas',
};

export const SUMMARY_MAX = 255;
export const TEXT_MAX = 32767;
export const SUMMARY_NEWLINE = 'The summary is invalid because it contains newline characters.';
export const SUMMARY_TOO_LONG = 'Summary must be less than 255 characters.';
export const TEXT_TOO_LONG = 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';

/** The rules of the site's configuration, read per request so a test may change them while the simulator runs. */
/** A select field's options as the state file keeps them, with the number its next option takes. */
export interface PersistedFieldOptions {
  options: FieldOption[];
  next: number;
}

export class Screens {
  private options: ScreenOptions = {};
  private readonly selectOptions = new Map<string, FieldOption[]>();
  /** The number of each field's next option: ids are never handed out twice, a deleted option's neither. */
  private readonly nextOption = new Map<string, number>();

  constructor(options: ScreenOptions = {}) {
    this.set(options);
  }

  set(options: ScreenOptions): void {
    this.options = structuredClone(options);
    this.selectOptions.clear();
    this.nextOption.clear();
    for (const field of this.customFields().filter((f) => f.type === 'option')) {
      this.selectOptions.set(
        field.id,
        (field.options ?? []).map((value, index) => ({ id: optionId(field, index), value, disabled: false })),
      );
      this.nextOption.set(field.id, field.options?.length ?? 0);
    }
  }

  /** Every select field's options, for the state file: options made through the API live only here. */
  persistedOptions(): Record<string, PersistedFieldOptions> {
    return Object.fromEntries(
      [...this.selectOptions].map(([fieldId, options]) => [
        fieldId,
        { options: structuredClone(options), next: this.nextOption.get(fieldId)! },
      ]),
    );
  }

  /** Takes back the options of the fields the site still has (a field the start options drop is not revived). */
  restoreOptions(saved: Record<string, PersistedFieldOptions>): void {
    for (const [fieldId, { options, next }] of Object.entries(saved)) {
      if (!this.selectOptions.has(fieldId)) continue;
      this.selectOptions.set(fieldId, structuredClone(options));
      this.nextOption.set(fieldId, next);
    }
  }

  /** A select field's options, in the order they were created. */
  fieldOptions(fieldId: string): FieldOption[] {
    return structuredClone(this.selectOptions.get(fieldId) ?? []);
  }

  /** Adds an option to a select field; the caller has checked the value is new. */
  addFieldOption(field: CustomFieldDef, value: string, disabled: boolean): FieldOption {
    const number = this.nextOption.get(field.id)!;
    const option = { id: optionId(field, number), value, disabled };
    this.selectOptions.get(field.id)!.push(option);
    this.nextOption.set(field.id, number + 1);
    return { ...option };
  }

  /** Changes an option's value or whether it is disabled; null when the field has none with that id. */
  updateFieldOption(fieldId: string, id: string, change: { value?: string; disabled?: boolean }): FieldOption | null {
    const option = (this.selectOptions.get(fieldId) ?? []).find((o) => o.id === id);
    if (!option) return null;
    if (change.value !== undefined) option.value = change.value;
    if (change.disabled !== undefined) option.disabled = change.disabled;
    return { ...option };
  }

  /** Removes an option; false when the field has none with that id. */
  deleteFieldOption(fieldId: string, id: string): boolean {
    const options = this.selectOptions.get(fieldId) ?? [];
    const index = options.findIndex((option) => option.id === id);
    if (index < 0) return false;
    options.splice(index, 1);
    return true;
  }

  /** The stored form of a select value given as `{ id }` or `{ value }`: both, as Jira answers it on GET. */
  resolveOption(fieldId: string, value: unknown): { id: string; value: string } | null {
    if (value === null) return null;
    const ref = typeof value === 'object' ? (value as { value?: unknown; id?: unknown }) : {};
    const option = (this.selectOptions.get(fieldId) ?? []).find(
      (o) => !o.disabled && (ref.id !== undefined ? String(ref.id) === o.id : ref.value === o.value),
    );
    return option ? { id: option.id, value: option.value } : null;
  }

  get(): ScreenOptions {
    return structuredClone(this.options);
  }

  /** The statuses an issue in `fromStatusId` may move to. */
  transitionsFrom(fromStatusId: string, globalRule: (from: string) => StatusDef[]): StatusDef[] {
    const targets =
      this.options.workflow === 'strict' ? (STRICT_WORKFLOW[fromStatusId] ?? []).map((id) => statusById(id)!) : globalRule(fromStatusId);
    const unreachable = new Set(this.options.unreachableStatuses ?? []);
    return targets.filter((status) => !unreachable.has(status.id));
  }

  /** Fields the transition into `statusId` requires. */
  requiredOnTransition(statusId: string): string[] {
    const configured = this.options.transitionRequires?.[statusId];
    if (configured) return configured;
    return this.options.workflow === 'strict' && statusId === '10005' ? ['resolution'] : [];
  }

  customField(id: string): CustomFieldDef | undefined {
    return this.options.customFields?.find((field) => field.id === id);
  }

  customFields(): CustomFieldDef[] {
    return this.options.customFields ?? [];
  }

  requiredCustomFields(): string[] {
    return this.options.requiredCustomFields ?? [];
  }

  /** Whether a field may be set on create or edit: on the screen, or every field when the site configures none. */
  onScreen(kind: 'create' | 'edit', field: string): boolean {
    const screen = kind === 'create' ? this.options.createScreen : this.options.editScreen;
    if (screen) return screen.includes(field);
    return !field.startsWith('customfield_') || this.customFields().length === 0 || this.customField(field) !== undefined;
  }

  statusName(status: StatusDef): string {
    return this.options.language === 'en' ? (STATUS_NAMES_EN[status.id] ?? status.name) : status.name;
  }

  resolutionName(id: string): string {
    const resolution = RESOLUTIONS.find((r) => r.id === id)!;
    return this.options.language === 'sv' ? (RESOLUTION_NAMES_SV[id] ?? resolution.name) : resolution.name;
  }

  /** Finds a status by id or by its name in any language the site speaks. */
  findStatus(idOrName: string): StatusDef | undefined {
    const wanted = idOrName.toLowerCase();
    return STATUSES.find((s) => s.id === idOrName || [s.name, STATUS_NAMES_EN[s.id]].some((n) => n?.toLowerCase() === wanted));
  }
}

/** Jira's error for a summary, or undefined when it is acceptable. */
export function summaryProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'You must specify a summary of the issue.';
  if (/[\r\n]/.test(value)) return SUMMARY_NEWLINE;
  if (value.length > SUMMARY_MAX) return SUMMARY_TOO_LONG;
  return undefined;
}

/**
 * Whether a rich-text body is past Jira's limit. Whether Cloud counts the text or the ADF JSON is unconfirmed, so the
 * simulator refuses either past the limit: the stricter reading.
 */
export function textTooLong(doc: AdfDoc): boolean {
  return adfToText(doc).length > TEXT_MAX || JSON.stringify(doc).length > TEXT_MAX;
}

/**
 * The error for a custom field's value, or undefined when the field's type accepts it. A select value must name an
 * enabled option of the field, by `id` or by `value`.
 */
export function customValueProblem(field: CustomFieldDef, value: unknown, screens: Screens): string | undefined {
  if (value === null) return undefined;
  switch (field.type) {
    case 'string':
      return typeof value === 'string' && value.length <= SUMMARY_MAX && !/[\r\n]/.test(value)
        ? undefined
        : `${field.name}: a single line of at most 255 characters is required.`;
    case 'labels':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '' && !/\s/.test(v))
        ? undefined
        : `${field.name}: labels must be strings without spaces.`;
    case 'option': {
      if (typeof value !== 'object' || Array.isArray(value) || (!('id' in value) && !('value' in value))) {
        return "Could not find valid 'id' or 'value' in the Parent Option object.";
      }
      if (screens.resolveOption(field.id, value)) return undefined;
      const ref = value as { value?: unknown; id?: unknown };
      return ref.id !== undefined ? `Option id '${String(ref.id)}' is not valid` : `Option value '${String(ref.value)}' is not valid`;
    }
  }
}

/** A select option's id: stable per field and position. */
export function optionId(field: CustomFieldDef, index: number): string {
  return String(Number(field.id.replace('customfield_', '')) * 100 + index);
}
