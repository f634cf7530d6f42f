import { Role } from '../../src/actor/role';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { cookieHeader, pageClient, startPortalTest, type PortalTest } from '../support/portal';

const ANNA = { subject: 'anna-autosave-gaps', name: 'Anna Andersson', email: 'anna@goteborg.example' };

/**
 * The report form's autosave where a page and the server can disagree: a first save whose answer was lost is sent
 * again under the page's draft key and continues the same draft; a field emptied on the page is emptied (null) in the
 * draft, the requirement reference too; and each save that changed something leaves exactly one audit row.
 */
describe('portal report autosave: retries, emptied fields and audit (e2e)', () => {
  let portal: PortalTest;
  const pages = pageClient(() => portal);

  beforeAll(async () => {
    portal = await startPortalTest([ANNA]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const autosave = (session: { cookies: Map<string, string>; csrf: string }, fields: Record<string, string>) =>
    portal.t.http
      .post('/deviations/drafts')
      .set('Accept', 'application/json')
      .set('Cookie', cookieHeader(session.cookies))
      .type('form')
      .send(new URLSearchParams({ _csrf: session.csrf, ...fields }).toString());
  const rows = async (sql: string, values: unknown[] = []) => (await ownerDb()).query(sql, values);
  const auditOf = (id: string) =>
    rows(`SELECT action, changes FROM audit_entry WHERE entity_type = 'deviation' AND entity_id = $1 ORDER BY id`, [id]);

  /** Logged in with the report form open: its session and the draft key the page was made with. */
  async function reportForm() {
    await aUser({ partyId: (await aParty({ name: 'Göteborgs Stad' })).id, subject: ANNA.subject, role: Role.Reporter });
    const session = await pages.session(ANNA.subject);
    const form = await pages.get('/deviations/new', session.cookies);
    const draftKey = /name="draftKey" value="([0-9a-f-]{36})"/.exec(form.text)?.[1];
    expect(draftKey).toBeDefined();
    return { session, draftKey: draftKey! };
  }

  async function completeFields(): Promise<Record<string, string>> {
    const [part] = await rows(`SELECT code FROM deviation_part ORDER BY sort_order LIMIT 1`);
    return {
      rubrik: 'Svarstider över 30 sekunder',
      reproduktionssteg: '1. Logga in',
      skäl: 'Handläggningen stannar',
      utfall: 'Timeout efter 30 s',
      förväntat: 'Svar inom 2 s',
      del: part.code,
      miljö: 'produktion',
      påverkan: '2',
      kravreferens: 'SLA 4.8.1',
      contactName: ANNA.name,
      contactPhone: '070-123 45 67',
      contactEmail: ANNA.email,
    };
  }

  it('should continue the draft of a first save whose answer was lost, and report it once however often the form is sent', async () => {
    const { session, draftKey } = await reportForm();
    const first = await autosave(session, { draftId: '', version: '', draftKey, rubrik: 'Svarstider' });
    expect(first.status).toBe(200);
    // The answer never reached the page: it sends again with no draft id, having typed on.
    const retried = await autosave(session, { draftId: '', version: '', draftKey, rubrik: 'Svarstider', utfall: 'Timeout' });
    expect({ status: retried.status, draftId: retried.body.draftId }).toEqual({ status: 200, draftId: first.body.draftId });
    expect(await rows(`SELECT id, rubrik, utfall, version FROM deviation`)).toEqual([
      { id: first.body.draftId, rubrik: 'Svarstider', utfall: 'Timeout', version: first.body.version + 1 },
    ]);

    // The form sent in without JavaScript's draft id (its answer lost too), and then once more: one deviation.
    const fields = new URLSearchParams({ draftId: '', version: '', draftKey, ...(await completeFields()) }).toString();
    for (let sending = 0; sending < 2; sending++) {
      const sent = await pages.post('/deviations', session.cookies, session.csrf, fields);
      expect({ status: sent.status, location: sent.headers.location }).toEqual({
        status: 303,
        location: `/deviations/${first.body.draftId}`,
      });
    }
    expect(await rows(`SELECT id, status, utfall FROM deviation`)).toEqual([
      { id: first.body.draftId, status: 'inskickad', utfall: 'Timeout efter 30 s' },
    ]);
  });

  it('should empty the requirement reference and every optional field a page empties, as null, with one audit row per change', async () => {
    const { session, draftKey } = await reportForm();
    const fields = await completeFields();
    const created = await autosave(session, { draftId: '', version: '', draftKey, ...fields });
    expect(created.status).toBe(200);
    const id = created.body.draftId as string;
    expect(await auditOf(id)).toEqual([{ action: 'deviation.created', changes: expect.any(Object) }]);

    // Nothing changed since: saved again, no row.
    const same = await autosave(session, { draftId: id, version: String(created.body.version), draftKey, ...fields });
    expect({ status: same.status, version: same.body.version }).toEqual({ status: 200, version: created.body.version });
    expect(await auditOf(id)).toHaveLength(1);

    // Everything but the title emptied, as a browser posts it (unchosen radio buttons are not sent at all).
    const emptied = { rubrik: fields.rubrik, reproduktionssteg: '', skäl: '', utfall: '', förväntat: '', del: '', kravreferens: '' };
    const cleared = await autosave(session, {
      draftId: id,
      version: String(created.body.version),
      draftKey,
      ...emptied,
      contactName: '',
      contactPhone: '',
      contactEmail: '',
    });
    expect({ status: cleared.status, version: cleared.body.version }).toEqual({ status: 200, version: created.body.version + 1 });
    expect(
      await rows(
        `SELECT rubrik, reproduktionssteg, skal, utfall, forvantat, del, miljo, paverkan, kravreferens, kontaktpersoner FROM deviation`,
      ),
    ).toEqual([
      {
        rubrik: fields.rubrik,
        reproduktionssteg: null,
        skal: null,
        utfall: null,
        forvantat: null,
        del: null,
        miljo: null,
        paverkan: null,
        kravreferens: null,
        kontaktpersoner: [],
      },
    ]);
    const audit = await auditOf(id);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['deviation.created', 'deviation.updated']);
    expect(audit[1].changes.kravreferens).toEqual({ from: 'SLA 4.8.1', to: null });

    // The emptied form reopens empty, and saving it as it is changes nothing.
    const reopened = await pages.get(`/deviations/new?draft=${id}`, session.cookies);
    expect(reopened.text).toMatch(/id="kravreferens" name="kravreferens" type="text" value=""/);
    const again = await autosave(session, { draftId: id, version: String(cleared.body.version), draftKey, ...emptied });
    expect({ status: again.status, version: again.body.version }).toEqual({ status: 200, version: cleared.body.version });
    expect(await auditOf(id)).toHaveLength(2);
  });
});
