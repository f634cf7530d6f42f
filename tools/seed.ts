// Loads the demo parties of the embedded default (idempotent) and prints a token for each of them.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DevIssuer } from '../src/auth/dev-issuer';
import { Role } from '../src/actor/role';
import { loadConfig } from '../src/config/load-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { PartyKind } from '../src/parties/party.entity';

export const DEMO_PARTIES = [
  {
    kind: PartyKind.Uppgiftslämnare,
    additionalKinds: [PartyKind.Driftleverantör],
    name: 'Försäkringskassan',
    organisationNumber: '2021005489',
    emailDomain: 'forsakringskassan.example',
    // The Driftleverantör under the UC by default; for its bastjänst LEFI Online it owes support under the LEFI SLA.
    agreementCode: 'UC_SSBTEK_2024',
    bastjänstAgreements: { lefi_online: 'SLA_LEFI_ONLINE_2017' },
  },
  {
    kind: PartyKind.Uppgiftslämnare,
    name: 'Centrala studiestödsnämnden (CSN)',
    organisationNumber: '2021004581',
    emailDomain: 'csn.example',
  },
  { kind: PartyKind.Uppgiftslämnare, name: 'Skatteverket', organisationNumber: '2021005448', emailDomain: 'skatteverket.example' },
  {
    kind: PartyKind.Uppgiftslämnare,
    name: 'Transportstyrelsen',
    // A demo number with a valid check digit.
    organisationNumber: '2021005877',
    emailDomain: 'transportstyrelsen.example',
    agreementCode: 'UC_SSBTEK_2024_TRANSPORTSTYRELSEN',
  },
  { kind: PartyKind.Kommun, name: 'Göteborgs Stad', organisationNumber: '2120001355', emailDomain: 'goteborg.example' },
  {
    kind: PartyKind.Systemleverantör,
    name: 'Exempel Verksamhetssystem AB',
    organisationNumber: '5565941233',
    emailDomain: 'verksamhetssystem.example',
  },
] as const satisfies readonly DemoParty[];

interface DemoParty {
  kind: PartyKind;
  additionalKinds?: readonly PartyKind[];
  name: string;
  organisationNumber: string;
  emailDomain: string;
  agreementCode?: string;
  bastjänstAgreements?: Readonly<Record<string, string>>;
}

/** The membership name that stands for SKR's own staff, who belong to no party. */
const SKR_MEMBERSHIP = 'SKR';

/**
 * The people of the portal's demo login (tools/stack/demo-identity-provider.ts), with their memberships by party
 * name. Kim serves two parties, so the party picker shows.
 */
export const DEMO_PEOPLE = [
  { subject: 'demo-anna', name: 'Anna Andersson', email: 'anna.andersson@goteborg.example', memberships: [['Göteborgs Stad', 'reporter']] },
  {
    subject: 'demo-kim',
    name: 'Kim Konsult',
    email: 'kim.konsult@verksamhetssystem.example',
    memberships: [
      ['Göteborgs Stad', 'reporter'],
      ['Exempel Verksamhetssystem AB', 'admin'],
    ],
  },
  {
    subject: 'demo-lars',
    name: 'Lars Larsson',
    email: 'lars.larsson@forsakringskassan.example',
    memberships: [['Försäkringskassan', 'reporter']],
  },
  // SKR's reviewer and triager: a membership of no party (SKR is not a party), as an SKR token carries none.
  { subject: 'demo-sara', name: 'Sara Svensson', email: 'sara.svensson@skr.example', memberships: [[SKR_MEMBERSHIP, 'skr-admin']] },
] as const;

/** The demo people as persons of `issuer` with their memberships (idempotent; the issuer follows the provider's port). */
export async function seedDemoPeople(ownerUrl: string, issuer: string, parties: { id: string; name: string }[]): Promise<void> {
  const db = new DataSource({ ...dataSourceOptions({ url: ownerUrl }), logging: false });
  await db.initialize();
  try {
    for (const person of DEMO_PEOPLE) {
      await db.query(
        `DELETE FROM person WHERE subject = $1 AND issuer IS DISTINCT FROM $2 AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.person_id = person.id)`,
        [person.subject, issuer],
      );
      await db.query(`UPDATE person SET issuer = $2 WHERE subject = $1`, [person.subject, issuer]);
      await db.query(`INSERT INTO person (issuer, subject) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [issuer, person.subject]);
      for (const [partyName, role] of person.memberships) {
        const party = partyName === SKR_MEMBERSHIP ? { id: null } : parties.find((candidate) => candidate.name === partyName);
        if (!party) continue;
        await db.query(
          `INSERT INTO app_user (subject, person_id, name, email, role, party_id)
           SELECT $1::text, p.id, $2::text, $3::text, $4::user_role, $5::uuid FROM person p WHERE p.subject = $1::text AND p.issuer = $6
           ON CONFLICT DO NOTHING`,
          [person.subject, person.name, person.email, role, party.id, issuer],
        );
      }
    }
  } finally {
    await db.destroy();
  }
}

export interface DemoToken {
  who: string;
  partyId: string | null;
  role: Role;
  token: string;
}

/** Inserts the demo parties that are missing (as the owner user: parties are service-wide data). */
export async function seedDemoParties(ownerUrl: string): Promise<{ id: string; name: string }[]> {
  const db = new DataSource({ ...dataSourceOptions({ url: ownerUrl }), logging: false });
  await db.initialize();
  try {
    for (const party of DEMO_PARTIES as readonly DemoParty[]) {
      const [row] = (await db.query(
        `INSERT INTO party (kind, additional_kinds, name, organisation_number, agreement_code, email_domains)
         VALUES ($1, $2::party_kind[], $3, $4, $5, ARRAY[$6])
         ON CONFLICT (organisation_number) DO UPDATE SET additional_kinds = EXCLUDED.additional_kinds, agreement_code = EXCLUDED.agreement_code
         RETURNING id`,
        [
          party.kind,
          party.additionalKinds ?? [],
          party.name,
          party.organisationNumber,
          party.agreementCode ?? 'UC_SSBTEK_2024',
          party.emailDomain,
        ],
      )) as { id: string }[];
      for (const [bastjänst, agreementCode] of Object.entries(party.bastjänstAgreements ?? {})) {
        await db.query(
          `INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, $2, $3)
           ON CONFLICT (party_id, bastjanst) DO UPDATE SET agreement_code = EXCLUDED.agreement_code`,
          [row.id, bastjänst, agreementCode],
        );
      }
      // The user behind the demo token (subject demo-<party id>), so declaration and deviation mail has a recipient.
      const subject = `demo-${row.id}`;
      await db.query(
        `INSERT INTO person (issuer, subject) SELECT NULL::text, $1::text WHERE NOT EXISTS (SELECT 1 FROM person WHERE subject = $1::text)`,
        [subject],
      );
      await db.query(
        `INSERT INTO app_user (subject, person_id, name, email, role, party_id)
         SELECT $1::text, p.id, $2::text, $3::text, 'admin'::user_role, $4::uuid FROM person p WHERE p.subject = $1::text
         ON CONFLICT DO NOTHING`,
        [subject, `Demo ${party.name}`, `demo@${party.emailDomain}`, row.id],
      );
    }
    return await db.query(`SELECT id, name FROM party WHERE organisation_number = ANY($1) ORDER BY name`, [
      DEMO_PARTIES.map((p) => p.organisationNumber),
    ]);
  } finally {
    await db.destroy();
  }
}

export async function demoTokens(parties: { id: string; name: string }[], env: NodeJS.ProcessEnv): Promise<DemoToken[]> {
  const config = loadConfig(env);
  const issuer = await DevIssuer.load(config.DEV_ISSUER_KEY_FILE, config.OIDC_ISSUER_URL ?? `${config.PUBLIC_BASE_URL}/dev-issuer`);
  const mint = (subject: string, partyId: string | null, role: Role) =>
    issuer.mint(
      { subject, partyId, roles: [role], expiresIn: '12h' },
      config.OIDC_AUDIENCE,
      config.OIDC_PARTY_CLAIM,
      config.OIDC_ROLES_CLAIM,
    );
  const tokens: DemoToken[] = [
    { who: 'SKR förvaltning (skr)', partyId: null, role: Role.Skr, token: await mint('demo-skr', null, Role.Skr) },
    { who: 'SKR admin (skr-admin)', partyId: null, role: Role.SkrAdmin, token: await mint('demo-skr-admin', null, Role.SkrAdmin) },
  ];
  for (const party of parties) {
    tokens.push({
      who: `${party.name} (admin)`,
      partyId: party.id,
      role: Role.Admin,
      token: await mint(`demo-${party.id}`, party.id, Role.Admin),
    });
  }
  return tokens;
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set (the owner connection used for migrations)');
    process.exit(1);
  }
  const portalIssuer = process.env.PORTAL_OIDC_ISSUER_URL;
  seedDemoParties(url)
    .then(async (parties) => {
      // docker-compose's demo runs the demo identity provider as a service of its own: its people need memberships.
      if (portalIssuer) await seedDemoPeople(url, portalIssuer, parties);
      return demoTokens(parties, process.env);
    })
    .then((tokens) => {
      for (const t of tokens) console.log(`${t.who}${t.partyId ? ` [${t.partyId}]` : ''}\n  ${t.token}\n`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
