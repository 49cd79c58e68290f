// The layers of src/ (docs/DESIGN.md), bottom to top. Imports, dynamic ones included, only point down.
// Run by scripts/check-layers.mjs in `npm test`.
const LAYERS = [
  { name: 'pure', path: '^src/(errors\\.ts|user-api\\.ts|schema/|operations/|revisions/|diff/|codegen/|config/types\\.ts)' },
  { name: 'dialects', path: '^src/(dialects|drivers)/' },
  { name: 'loader', path: '^src/loader/' },
  { name: 'config', path: '^src/config/(?!types\\.ts)' },
  { name: 'runner', path: '^src/(runner|lint)/' },
  { name: 'api', path: '^src/api/' },
  { name: 'index', path: '^src/index\\.ts$' },
  { name: 'cli', path: '^src/cli/' },
];

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `${layer.name}-imports-only-down`,
  comment: `${layer.name} may not import from a layer above it (${LAYERS.slice(i + 1).map((l) => l.name).join(', ')})`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path).join('|') },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'no import cycles, dynamic imports included',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'pure-touches-no-io',
      comment: 'schema/, operations/, revisions/, diff/, codegen/ touch no database and no file system',
      severity: 'error',
      from: { path: LAYERS[0].path },
      to: {
        path: '^(node:)?(fs|fs/promises|child_process|net|tls|dgram|http|https|worker_threads|os)$|(^|/)node_modules/(pg|mysql2|better-sqlite3|@electric-sql/pglite)/',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
