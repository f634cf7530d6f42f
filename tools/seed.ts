// Loads the demo parties of the embedded default (idempotent) and prints a token for each of them.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DevIssuer } from '../src/auth/dev-issuer';
import { Role } from '../src/actor/role';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { PartyKind } from '../src/parties/party.entity';

export const DEMO_PARTIES = [
  { kind: PartyKind.Uppgiftslämnare, name: 'Försäkringskassan', organisationNumber: '2021005489' },
  { kind: PartyKind.Uppgiftslämnare, name: 'Centrala studiestödsnämnden (CSN)', organisationNumber: '2021004581' },
  { kind: PartyKind.Uppgiftslämnare, name: 'Skatteverket', organisationNumber: '2021005448' },
  { kind: PartyKind.Kommun, name: 'Göteborgs Stad', organisationNumber: '2120001355' },
  { kind: PartyKind.Systemleverantör, name: 'Exempel Verksamhetssystem AB', organisationNumber: '5565941233' },
] as const;

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
    for (const party of DEMO_PARTIES) {
      await db.query(
        `INSERT INTO party (kind, name, organisation_number) VALUES ($1, $2, $3) ON CONFLICT (organisation_number) DO NOTHING`,
        [party.kind, party.name, party.organisationNumber],
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
      who: `${party.name} (reporter)`,
      partyId: party.id,
      role: Role.Reporter,
      token: await mint(`demo-${party.id}`, party.id, Role.Reporter),
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
  seedDemoParties(url)
    .then((parties) => demoTokens(parties, process.env))
    .then((tokens) => {
      for (const t of tokens) console.log(`${t.who}${t.partyId ? ` [${t.partyId}]` : ''}\n  ${t.token}\n`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
