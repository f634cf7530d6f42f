import { Injectable } from '@nestjs/common';
import { SeeOther } from '../pages/page.interceptor';
import type { FormFlash } from './portal-session';
import type { FormOutcome } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';
import { PortalSessionsService } from './portal-sessions.service';

/**
 * POST-redirect-GET for every form: success goes on; errors are kept in the session with what the person typed, and
 * the form's page shows them once, beside each field and in a summary.
 */
@Injectable()
export class PortalFormsService {
  constructor(private readonly sessions: PortalSessionsService) {}

  async answer(page: PortalPage, form: string, sent: unknown, outcome: FormOutcome, back: string): Promise<SeeOther> {
    if ('location' in outcome) return new SeeOther(outcome.location);
    const values: Record<string, string> = {};
    const choices: Record<string, string[]> = {};
    for (const [name, value] of Object.entries((sent ?? {}) as Record<string, unknown>)) {
      if (name === '_csrf') continue;
      // A field of several values comes as a string when one box is checked and as an array when more are.
      if (name.endsWith('[]')) choices[name] = [value].flat().filter((one): one is string => typeof one === 'string');
      else if (typeof value === 'string') values[name] = value;
    }
    const flash: FormFlash = { form, values, choices, errors: outcome.errors };
    // The guard's read of this request: a form that answers with errors has not changed its session.
    await this.sessions.save(page.sessionId!, { ...page.session!, flash });
    return new SeeOther(back);
  }

  /** The flash of `form`, consumed: shown once, then gone. */
  async takeFlash(page: PortalPage, form: string): Promise<FormFlash | null> {
    const flash = page.session?.flash;
    if (!flash || flash.form !== form || !page.sessionId) return null;
    await this.sessions.save(page.sessionId, { ...page.session!, flash: undefined });
    return flash;
  }
}
