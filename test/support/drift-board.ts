import { Role } from '../../src/actor/role';
import { PartyKind } from '../../src/parties/party.entity';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import type { TestApp } from './app';
import { ownerDb } from './database';

const DAY = 86_400_000;
export const DRIFT_ADMIN = '/api/v1/driftinfo/announcements';

/** Who writes driftinformation in the tests: CSN (Uppgiftslämnare of `csn`), SKR, and a municipality that reports. */
export interface DriftWriters {
  csn: string;
  skr: string;
  kommunId: string;
}

export async function driftWriters(t: TestApp): Promise<DriftWriters> {
  const csnParty = await aParty({ name: 'CSN', kind: PartyKind.Uppgiftslämnare });
  await (
    await ownerDb()
  ).query(`INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, 'csn', 'UC_SSBTEK_2024')`, [csnParty.id]);
  return {
    csn: await t.partyToken(csnParty.id, Role.Reporter),
    skr: await t.skrToken(Role.Skr),
    kommunId: (await aParty({ name: 'Aby kommun' })).id,
  };
}

/**
 * A populated board through the API: an ongoing outage of CSN with an update and a linked deviation, an upcoming
 * window of the central component and a resolved outage of Skatteverket. Every non-public field holds `marker`.
 */
export async function populateBoard(t: TestApp, writers: DriftWriters, marker = 'MARKER') {
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const outage = await t.http
    .post(DRIFT_ADMIN)
    .set(auth(writers.csn))
    .send({
      typ: 'driftstorning',
      bastjänster: ['csn'],
      rubrik: 'CSN svarar inte',
      rubrikEn: 'CSN does not answer',
      påverkan: 'Uppgifter från CSN saknas i svaren.',
      påverkanEn: 'Answers lack CSN data.',
      allvarlighet: 'hog',
      start: new Date(Date.now() - 3_600_000).toISOString(),
      orsak: `${marker}-orsak`,
      åtgärdsplan: `${marker}-atgardsplan`,
      svarandeMyndigheter: 6,
      meddelande: 'Vi felsöker.',
    });
  if (outage.status !== 201) throw new Error(`outage: ${outage.status} ${outage.text}`);
  const window = await t.http
    .post(DRIFT_ADMIN)
    .set(auth(writers.skr))
    .send({
      typ: 'planerad_andring',
      centralKomponent: true,
      rubrik: 'Servicefönster & uppgradering <SSBTEK>',
      påverkan: 'SSBTEK är stängt under fönstret.',
      start: new Date(Date.now() + 10 * DAY).toISOString(),
      förväntatSlut: new Date(Date.now() + 10 * DAY + 4 * 3_600_000).toISOString(),
      undantagMotivering: `${marker}-undantag`,
    });
  if (window.status !== 201) throw new Error(`window: ${window.status} ${window.text}`);
  const old = await t.http
    .post(DRIFT_ADMIN)
    .set(auth(writers.skr))
    .send({
      typ: 'driftstorning',
      bastjänster: ['skatteverket'],
      rubrik: 'Skatteverket långsamt',
      påverkan: 'Långa svarstider.',
      start: new Date(Date.now() - DAY).toISOString(),
    });
  await t.http
    .post(`${DRIFT_ADMIN}/${old.body.id}/resolve`)
    .set(auth(writers.skr))
    .set('If-Match', 'W/"1"')
    .send({
      slut: new Date(Date.now() - DAY / 2).toISOString(),
      orsak: `${marker}-orsak2`,
      åtgärdsplan: `${marker}-plan2`,
      meddelande: 'Åtgärdat.',
    })
    .expect(200);
  const deviation = await t.http
    .post('/api/v1/deviations')
    .set(auth(await t.partyToken(writers.kommunId)))
    .send(aDeviationBody({ bastjänst: 'csn', rubrik: `${marker}-avvikelse` }));
  await t.http
    .post(`${DRIFT_ADMIN}/${outage.body.id}/deviations`)
    .set(auth(writers.skr))
    .send({ deviationId: deviation.body.id })
    .expect(200);
  return {
    outageId: outage.body.id as string,
    windowId: window.body.id as string,
    oldId: old.body.id as string,
    deviationId: deviation.body.id as string,
  };
}
