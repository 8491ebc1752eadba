import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, snapshotDir, startNode, type NodeProcess } from '../helpers/node-process.js';

/*
 * Fuzzing of the REST bodies of every endpoint family against ONE real node (issue 9, point 6):
 * a bounded, seeded sample of malformed and half-right XML and JSON bodies. No answer is a 5xx,
 * and a refused body leaves the data directory exactly as it was.
 */

const SEED = 20261201;
const PER_ENDPOINT = 6;

/** Each family's write endpoints, with the root element its body should have. */
const ENDPOINTS: Array<[method: string, path: string, root: string]> = [
  ['POST', '/workspaces', 'workspace'],
  ['PUT', '/workspaces/fz', 'workspace'],
  ['POST', '/namespaces', 'namespace'],
  ['PUT', '/namespaces/fz', 'namespace'],
  ['POST', '/workspaces/fz/datastores', 'dataStore'],
  ['PUT', '/workspaces/fz/datastores/ds', 'dataStore'],
  ['POST', '/workspaces/fz/coveragestores', 'coverageStore'],
  ['POST', '/workspaces/fz/wmsstores', 'wmsStore'],
  ['POST', '/workspaces/fz/datastores/ds/featuretypes', 'featureType'],
  ['POST', '/workspaces/fz/layers', 'layer'],
  ['POST', '/layergroups', 'layerGroup'],
  ['POST', '/workspaces/fz/layergroups', 'layerGroup'],
  ['POST', '/styles', 'style'],
  ['PUT', '/styles/st', 'style'],
  ['PUT', '/settings', 'global'],
  ['PUT', '/settings/contact', 'contact'],
  ['PUT', '/services/wms/settings', 'wms'],
  ['PUT', '/services/wfs/workspaces/fz/settings', 'wfs'],
  ['PUT', '/resource/fuzz/file.txt', 'x'],
  ['POST', '/cluster', 'properties'],
  ['PUT', '/logging', 'logging'],
];

const FIELDS = ['name', 'id', 'enabled', 'workspace', 'namespace', 'store', 'type', 'connectionParameters', 'entry', 'prefix', 'uri', 'property', 'filename', 'layers', 'styles', 'published', 'bounds', '__proto__', 'constructor'];
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'fz', 'ds', 'st', 'true', '-1', '1e309', '../../etc', 'a b', '<x>', '&amp;', '\u0000'));
const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  t: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('t'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...FIELDS), tie('t'), { maxKeys: 4 })),
})).t;

function toXml(name: string, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => toXml(name, x)).join('');
  if (v !== null && typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => toXml(k, x)).join('')}</${name}>`;
  return `<${name}>${String(v).replace(/&(?!amp;)/g, '&amp;').replace(/</g, '&lt;')}</${name}>`;
}

/** A body and its content type: right root with any content, any JSON, or any text. */
const body = (root: string) =>
  fc.oneof(
    tree.map((t) => ({ type: 'text/xml', text: toXml(root, t) })),
    tree.map((t) => ({ type: 'application/json', text: JSON.stringify({ [root]: t }) })),
    fc.jsonValue().map((j) => ({ type: 'application/json', text: JSON.stringify(j) })),
    fc.string().map((s) => ({ type: 'text/xml', text: s })),
  );

let node: NodeProcess;
beforeAll(async () => {
  node = await startNode({ env: { instanceName: 'fuzz' } });
  const setup: Array<[string, string, string]> = [
    ['POST', '/workspaces', '<workspace><name>fz</name></workspace>'],
    ['POST', '/workspaces/fz/datastores', '<dataStore><name>ds</name><type>Directory of spatial files (shapefiles)</type><connectionParameters><entry key="url">file:data/none</entry></connectionParameters></dataStore>'],
    ['POST', '/styles?name=st', '<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer><Name>st</Name></NamedLayer></StyledLayerDescriptor>'],
  ];
  for (const [method, path, text] of setup) {
    const type = path.startsWith('/styles') ? 'application/vnd.ogc.sld+xml' : 'text/xml';
    expect((await call(node, method, path, { body: text, type })).status, `${method} ${path}`).toBeLessThan(300);
  }
}, 60_000);

afterAll(async () => {
  await node?.stop();
});

describe('REST bodies of every endpoint family (fuzzed, one real node)', () => {
  it('never answer 5xx, and a refused body changes nothing in the data directory', async () => {
    const failures: string[] = [];
    const onlyNotFound = new Set(ENDPOINTS.map(([m, p]) => `${m} ${p}`));
    for (const [i, [method, path, root]] of ENDPOINTS.entries()) {
      for (const b of fc.sample(body(root), { seed: SEED + i, numRuns: PER_ENDPOINT })) {
        const before = dataFiles(node.dataDir);
        const res = await call(node, method, path, { body: b.text, type: b.type });
        if (res.status !== 404) onlyNotFound.delete(`${method} ${path}`);
        if (res.status >= 500) failures.push(`${method} ${path} ${b.type} ${JSON.stringify(b.text).slice(0, 200)} → ${res.status} ${res.text.slice(0, 200)}`);
        if (res.status >= 400 && !sameFiles(before, dataFiles(node.dataDir))) failures.push(`${method} ${path} refused (${res.status}) but changed the data directory: ${JSON.stringify(b.text).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect([...onlyNotFound], 'every endpoint exists (a body reached its handler)').toEqual([]);
    expect((await call(node, 'GET', '/workspaces/fz.json')).status, 'the node still serves').toBe(200);
  }, 120_000);
});

/** The data directory without the journal and logs, which change with any request. */
function dataFiles(dir: string): Map<string, string> {
  return new Map([...snapshotDir(dir)].filter(([f]) => !f.startsWith('cluster/') && !f.startsWith('logs/')));
}

function sameFiles(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
