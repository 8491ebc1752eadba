/**
 * The import rules of ARCHITECTURE.md and DESIGN §9, checked by `npm run check:imports` (part of
 * `npm test`). Dependencies between the folders of src/ point one way:
 *
 *   rest → catalog ← cluster → transports      datadir → catalog, xml      catalog → xml
 *   security, gwc → catalog (configuration beside the catalog)
 *   datadir → security, gwc (their files' readers and writers), rest → security, gwc (/rest/security, /gwc/rest)
 *   bridge → catalog, rest, security, gwc (a GeoServer kept in step through REST: docs/bridge.md)
 *
 * config, xml, http, logger.ts and version.ts are leaves that anyone may use; rest and cluster may
 * also use datadir; main.ts and cli wire everything and nothing imports them; src/ui may import
 * rest's types only. Type-only imports count like any other.
 */
const LEAVES = '^src/(config|xml|http)/|^src/(logger|version)[.]ts$';
const npm = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

/** A rule: files of `folder` may import, of ours, only their own folder and `allowed` (regexps). */
function onlyTo(name, folder, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: '^src/', pathNot: [`^src/${folder}/`, ...allowed] },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-cycle-between-folders',
      comment: 'Two folders of src/ that import each other (through any chain of files): declare the port where its user lives instead.',
      severity: 'error',
      from: { path: '^src/([^/.]+)(/|[.]ts$)' },
      to: { circular: true, via: { pathNot: '^src/$1(/|[.]ts$)' } },
    },
    {
      name: 'no-cycle-in-cluster-or-transports',
      comment: 'Files of src/cluster and src/transports that import each other, directly or not.',
      severity: 'error',
      from: { path: '^src/(cluster|transports)/' },
      to: { circular: true },
    },
    onlyTo('catalog-depends-on-xml-only', 'catalog', ['^src/xml/'], 'The model depends on nothing of ours but xml.'),
    {
      name: 'catalog-uses-no-package',
      comment: 'The model uses node builtins only, no npm package.',
      severity: 'error',
      from: { path: '^src/catalog/' },
      to: { dependencyTypes: npm },
    },
    onlyTo('leaves-stay-leaves', '(config|xml|http)', [], 'config, xml and http import nothing of ours.'),
    {
      name: 'root-leaves-stay-leaves',
      comment: 'logger.ts and version.ts import nothing of ours.',
      severity: 'error',
      from: { path: '^src/(logger|version)[.]ts$' },
      to: { path: '^src/' },
    },
    onlyTo('datadir-depends-on-catalog-and-xml', 'datadir', ['^src/(catalog|security|gwc)/', LEAVES], 'The data directory reads and writes the model (the security folder and GeoWebCache files through src/security and src/gwc); it knows nothing of REST or the cluster.'),
    onlyTo('security-depends-on-catalog-and-leaves', 'security', ['^src/catalog/', LEAVES], 'GeoServer security (users, roles, rules) is configuration: it builds on the model, never on REST or the cluster.'),
    onlyTo('gwc-depends-on-catalog-and-leaves', 'gwc', ['^src/catalog/', LEAVES], 'GeoWebCache configuration builds on the model, never on REST or the cluster.'),
    onlyTo('transports-see-the-node-through-ports', 'transports', [LEAVES], 'Transports see the node only through the ports of src/transports/ports.ts, which src/cluster implements.'),
    onlyTo('cluster-depends-on-catalog-datadir-transports', 'cluster', ['^src/(catalog|datadir|transports)/', LEAVES], 'The cluster uses the model, the data directory and a transport; never REST.'),
    {
      name: 'cluster-uses-the-transport-seam-only',
      comment: 'The cluster knows a transport by its contract (transport.ts) and ports (ports.ts); main.ts picks the implementation.',
      severity: 'error',
      from: { path: '^src/cluster/' },
      to: { path: '^src/transports/', pathNot: '^src/transports/(transport|ports)[.]ts$' },
    },
    onlyTo('rest-depends-on-catalog-and-datadir', 'rest', ['^src/(catalog|datadir|security|gwc)/', LEAVES], 'REST serves the model, enforces GeoServer security (src/security decides) and serves GeoWebCache configuration (/gwc/rest); the cluster side reaches it through ports main.ts fills in (RestContext).'),
    onlyTo('ui-sees-rest-and-leaves', 'ui', ['^src/rest/', LEAVES], 'The web UI is a client of the REST API; it may use the leaves (logger, http replies).'),
    {
      name: 'ui-sees-rest-types-only',
      comment: 'The web UI may share the REST API types, never its code.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/rest/', dependencyTypesNot: ['type-only'] },
    },
    onlyTo('bridge-depends-on-model-and-rest-encoders', 'bridge', ['^src/(catalog|rest|security|gwc)/', LEAVES], "The GeoServer bridge turns the model's changes into REST calls with the node's own REST encoders (rest, security, gwc); it reads the journal through the ChangeFeed port main.ts fills in, never src/cluster."),
    {
      name: 'nothing-imports-the-bridge',
      comment: 'The bridge is wired by main.ts (and may be used by cli); no part imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main[.]ts$|cli/|bridge/)' },
      to: { path: '^src/bridge/' },
    },
    {
      name: 'only-main-and-cli-wire',
      comment: 'main.ts and cli put the parts together; no part imports them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main[.]ts$|cli/)' },
      to: { path: '^src/(main[.]ts$|cli/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
