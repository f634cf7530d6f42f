import { Injectable } from '@nestjs/common';
import { Actor, scopeOf } from '../actor/actor';
import { ScopedDb } from '../database/scoped-db';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { type CustomFieldProblem } from './jira-custom-fields';
import { JiraCustomFieldsService } from './jira-custom-fields.service';
import { JiraLink } from './jira-link.entity';
import { factOf } from './jira-preflight';

/** Enough to read through; the count says how many there are in all. */
const LISTED = 500;
const NOT_OPEN = [DeviationStatus.Utkast, DeviationStatus.Stängd, DeviationStatus.Återkallad];

export interface JiraDryRun {
  issuesToCreate: number;
  deviations: { id: string; key: string; status: string }[];
  /** Mapped custom fields the create screen would not take: left out of every issue created. */
  fieldsLeftOut: CustomFieldProblem[];
  /** Why the fields could not be read from Jira, when they could not (the list above is then empty). */
  fieldsUnknown: string | null;
}

/** What the first sync would do to the open deviations, read without writing anything to Jira. */
@Injectable()
export class JiraDryRunService {
  constructor(
    private readonly db: ScopedDb,
    private readonly customFields: JiraCustomFieldsService,
  ) {}

  async firstSync(actor: Actor): Promise<JiraDryRun> {
    const [rows, count] = await this.db.transaction(scopeOf(actor), (m) =>
      m
        .createQueryBuilder(Deviation, 'd')
        .leftJoin(JiraLink, 'l', 'l.deviationId = d.id')
        .where('d.status NOT IN (:...closed)', { closed: NOT_OPEN })
        .andWhere('l.issueId IS NULL')
        .orderBy('d.createdAt', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .take(LISTED)
        .getManyAndCount(),
    );
    const problems = await factOf(() => this.customFields.problems());
    return {
      issuesToCreate: count,
      deviations: rows.map(({ id, key, status }) => ({ id, key, status })),
      fieldsLeftOut: problems.ok ? problems.value.filter((p) => p.fact !== null) : [],
      fieldsUnknown: problems.ok ? null : problems.error instanceof Error ? problems.error.message : String(problems.error),
    };
  }
}
