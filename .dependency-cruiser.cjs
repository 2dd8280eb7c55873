/**
 * Which code may import which: the arrows of docs/architecture.md ("Dependencies"). Each layer may
 * import the layers listed before it, never one after it, and no import may close a cycle.
 * Tests and test helpers may reach across layers (a test composes what it checks); lib/ never
 * imports app/, components/, scripts/ or prisma/ outside tests. `npm test` runs this.
 */
const { layers, tests } = require('./dependency-layers.cjs');

const layerRules = layers.slice(0, -1).map(([name, path], index) => ({
  name: `${name}-imports-only-below`,
  comment: `${name} may import only ${
    layers
      .slice(0, index)
      .map(([below]) => below)
      .join(', ') || 'nothing of lib'
  }`,
  severity: 'error',
  from: { path, pathNot: tests },
  to: {
    path: layers
      .slice(index + 1)
      .map(([, above]) => `(${above})`)
      .join('|'),
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: break it with a narrower module or an injected interface',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'lib-not-importing-entry-points',
      comment: 'lib/ is imported by the console and the scripts, never the other way round',
      severity: 'error',
      from: { path: '^lib/', pathNot: tests },
      to: { path: '^(app|components|scripts|prisma|e2e)/' },
    },
    {
      name: 'components-not-importing-routes',
      comment: 'components/ are shared by pages; a page passes its actions and data in',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^app/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^lib/generated/|^[.]next|^[.]data/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
