/**
 * The layering rule of docs/architecture.md, checked by `npm test` (npm run deps).
 * Folders of src/ are ranked lowest first; a module may import only from its own folder or a
 * lower-ranked one. Type-only imports count: a cycle of types is still a cycle.
 */
const LAYERS = [
  ['util'],
  ['diagnostics'],
  ['request'],
  ['match'],
  ['conditions'],
  ['policy'],
  ['catalog'],
  ['engine'],
  ['explain'],
  ['policy-sources'],
  ['analysis'],
  ['proof'],
  ['coverage'],
  ['report'],
  ['live'],
  ['scenario'],
  ['reporter'],
  ['cli'],
];

const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));
const folders = [...rank.keys()];

/** One rule per folder: it must not reach any folder ranked above it. */
const upward = folders.flatMap((from) => {
  const above = folders.filter((to) => rank.get(to) > rank.get(from));
  if (above.length === 0) return [];
  return [
    {
      name: `layer-${from}`,
      comment: `src/${from} is below ${above.join(', ')} (docs/architecture.md)`,
      severity: 'error',
      from: { path: `^src/${from}/` },
      to: { path: `^src/(${above.join('|')})/` },
    },
  ];
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'src-not-matchers',
      comment: 'matchers/ stands on src/, never the other way (src/index.ts, the package root, excepted)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^matchers/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles, type imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
