import type { DemoToken } from '../seed';

// Example deviations for the embedded default, reported through the API like any party's, so `npm start` shows the
// whole flow at once: the portal's lists and detail pages have something in them, the worker mirrors them to the Jira
// simulator, and the responsible party sees the one that concerns it.

interface DemoDeviation {
  reporter: string;
  responsible?: string;
  body: Record<string, unknown>;
}

const contact = { namn: 'Anna Andersson', telefon: '031-365 00 00', epost: 'anna.andersson@goteborg.example' };

const DEMO_DEVIATIONS: DemoDeviation[] = [
  {
    reporter: 'Göteborgs Stad',
    responsible: 'Försäkringskassan',
    body: {
      rubrik: 'Svar från Försäkringskassan saknar bostadsbidrag för hushåll med växelvis boende',
      reproduktionssteg: '1. Sök en testperson med växelvis boende i testdata\n2. Välj bostadsbidrag\n3. Jämför med Mina sidor',
      utfall: 'Svaret innehåller inga bostadsbidrag, fast personen har ett beslut för perioden.',
      förväntat: 'Beslutade bostadsbidrag för perioden finns med i svaret.',
      del: 'gränssnitt_mot_frågetjänster',
      miljö: 'produktion',
      kravreferens: 'Bilaga 1, krav 4.2',
      påverkan: 2,
      tidpunkt: 2,
      kontaktpersoner: [contact],
    },
  },
  {
    reporter: 'Göteborgs Stad',
    body: {
      rubrik: 'Svarstider över 30 sekunder på morgonen',
      reproduktionssteg: '1. Logga in mellan 08:00 och 08:30\n2. Sök en person\n3. Vänta på svar',
      utfall: 'Anropet avbryts med timeout efter 30 sekunder; det upprepas varje morgon.',
      förväntat: 'Svar inom 5 sekunder.',
      del: 'gränssnitt_mot_frågetjänster',
      miljö: 'produktion',
      kravreferens: 'SLA 4.8.1',
      påverkan: 3,
      tidpunkt: 2,
      kontaktpersoner: [contact],
    },
  },
];

/** Reports the example deviations unless the demo party already has deviations (so a restart adds nothing). */
export async function seedDemoDeviations(baseUrl: string, tokens: DemoToken[], say: (line: string) => void): Promise<void> {
  const partyToken = (name: string) => tokens.find((t) => t.who.startsWith(`${name} (`));
  const skr = tokens.find((t) => t.partyId === null && t.who.includes('(skr)'));
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const first = partyToken(DEMO_DEVIATIONS[0].reporter);
  if (!first || !skr) return;
  const existing = await call(first.token, 'GET', '/deviations?limit=1');
  if (Array.isArray(existing.items) && existing.items.length > 0) return;
  for (const example of DEMO_DEVIATIONS) {
    const reporter = partyToken(example.reporter);
    const responsible = example.responsible ? partyToken(example.responsible) : undefined;
    if (!reporter) continue;
    const created = await call(reporter.token, 'POST', '/deviations', example.body);
    await call(reporter.token, 'POST', `/deviations/${String(created.id)}/submit`);
    if (responsible?.partyId)
      await call(skr.token, 'POST', `/deviations/${String(created.id)}/responsible-party`, {
        responsiblePartyId: responsible.partyId,
        motivering: 'Gäller Försäkringskassans bastjänst.',
      });
  }
  say(`demo deviations  ${DEMO_DEVIATIONS.length} reported through the API (see the portal and the Jira simulator)`);
}
