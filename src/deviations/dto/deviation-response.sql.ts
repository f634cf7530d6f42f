import type { EntityMetadata } from 'typeorm';

/**
 * An instant as JSON.stringify writes a Date (`toISOString`, milliseconds, UTC). to_char truncates the microseconds
 * as a JavaScript Date does. The colons are quoted literals so that TypeORM does not read `:MI` as a parameter.
 */
export function isoInstantSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.MS"Z"')`;
}

/** The DTO's fields, in its order, that are the entity's property of the same name, sent as stored. */
const AS_STORED = [
  'status',
  'rubrik',
  'reproduktionssteg',
  'skäl',
  'utfall',
  'förväntat',
  'del',
  'miljö',
  'kravreferens',
  'påverkan',
  'tidpunkt',
  'tidpunktProposed',
  'prioritet',
  'prioritetOverridden',
  'kontaktpersoner',
  'duplicateOfId',
  'resolution',
];

/**
 * {@link DeviationResponseDto.seenBy} written in SQL: PostgreSQL renders each item of a list page as the DTO's JSON,
 * so the API builds no entity and serialises nothing for it. At ~400 list requests a second, parsing 30 columns a
 * row into strings and Dates, hydrating entities, mapping them and JSON.stringify were most of the API's CPU and
 * most of what its collector promoted (bench, issue 20).
 *
 * The fields, their order and their values are the DTO's: deviation-response.sql.spec renders deviations of every
 * shape both ways and compares them. A field added to the DTO fails that test until it is added here.
 *
 * `viewer` is the bind parameter (`:name`) holding the viewing party's id, or null when SKR views.
 */
export function deviationItemSql(metadata: EntityMetadata, alias: string, viewer: string | null): string {
  // Built once per shape: the list asks for it on every request, and the text only depends on these three.
  const built = rendered.get(metadata) ?? rendered.set(metadata, new Map()).get(metadata)!;
  const key = `${alias}\u0000${viewer ?? ''}`;
  let sql = built.get(key);
  if (sql === undefined) built.set(key, (sql = renderedItem(metadata, alias, viewer)));
  return sql;
}

const rendered = new WeakMap<EntityMetadata, Map<string, string>>();

function renderedItem(metadata: EntityMetadata, alias: string, viewer: string | null): string {
  const column = (property: string) => `${alias}.${metadata.findColumnWithPropertyName(property)!.databaseName}`;
  const reported = viewer === null ? null : `${column('partyId')} = ${viewer}`;
  const fields: [string, string][] = [
    ['id', column('id')],
    ['key', column('key')],
    ['partyId', column('partyId')],
    ['källa', column('source')],
    ['responsiblePartyId', column('responsiblePartyId')],
    ['bastjänst', column('bastjänst')],
    ['relation', reported === null ? 'NULL::text' : `CASE WHEN ${reported} THEN 'rapporterad' ELSE 'ansvarig' END`],
    // The responsible party is not shown who at the reporting party reported it (personal-data decision, README).
    ['reporterUserId', reported === null ? column('reporterUserId') : `CASE WHEN ${reported} THEN ${column('reporterUserId')} END`],
    ...AS_STORED.map((property): [string, string] => [property, column(property)]),
    ...['submittedAt', 'resolvedAt', 'createdAt', 'updatedAt'].map((property): [string, string] => [
      property,
      isoInstantSql(column(property)),
    ]),
    ['version', column('version')],
  ];
  // row_to_json writes compact JSON with the keys in this order (json_build_object would pad every colon); as text,
  // or node-postgres would parse it.
  return `(SELECT row_to_json(item)::text FROM (SELECT ${fields.map(([name, sql]) => `${sql} AS "${name}"`).join(', ')}) item)`;
}
