import { describe, expect, it } from 'vitest';
import { Catalog, type ChangeContext } from '../../src/catalog/catalog.js';
import { addWorkspace } from '../../src/catalog/operations.js';
import { SearchIndex } from '../../src/ui/search.js';

const LOAD: ChangeContext = { source: 'load' };

/** Two workspaces with a data store each and `perWorkspace` layers named layer_0000, layer_0001, … */
function catalogWith(perWorkspace: number): Catalog {
  const c = new Catalog();
  for (const ws of ['sf', 'Topp']) {
    addWorkspace(c, { id: `ws-${ws}`, name: ws }, LOAD);
    c.add('dataStore', { id: `ds-${ws}`, name: 'db', workspace: { id: `ws-${ws}` } }, LOAD);
    const ns = c.byName('namespace', '', ws)!;
    for (let i = 0; i < perWorkspace; i++) addLayer(c, ws, `layer_${String(i).padStart(4, '0')}`, String(ns.id));
  }
  return c;
}

function addLayer(c: Catalog, ws: string, name: string, nsId: string): void {
  c.add('featureType', { id: `ft-${ws}-${name}`, name, nativeName: name, namespace: { id: nsId }, store: { '@class': 'dataStore', id: `ds-${ws}` } }, LOAD);
  c.add('layer', { id: `l-${ws}-${name}`, name, resource: { '@class': 'featureType', id: `ft-${ws}-${name}` } }, LOAD);
}

describe('SearchIndex (GET /rest/ui/search)', () => {
  it('pages through the layers sorted by qualified name, ignoring case', () => {
    const index = new SearchIndex(catalogWith(1500), () => 'v1');
    const first = index.search({ type: 'layers', q: '', offset: 0, limit: 2 });
    expect(first.total).toBe(3000);
    expect(first.items).toEqual([
      { name: 'sf:layer_0000', workspace: 'sf', type: 'layer', path: '/workspaces/sf/layers/layer_0000', resource: '/workspaces/sf/datastores/db/featuretypes/layer_0000' },
      { name: 'sf:layer_0001', workspace: 'sf', type: 'layer', path: '/workspaces/sf/layers/layer_0001', resource: '/workspaces/sf/datastores/db/featuretypes/layer_0001' },
    ]);
    const deep = index.search({ type: 'layers', q: '', offset: 2999, limit: 50 });
    expect(deep.items.map((h) => h.name)).toEqual(['Topp:layer_1499']);
  });

  it('filters by a case-insensitive substring and by workspace, counting every match', () => {
    const index = new SearchIndex(catalogWith(1500), () => 'v1');
    const found = index.search({ type: 'layers', q: 'topp:layer_14', offset: 10, limit: 5 });
    expect(found.total).toBe(100);
    expect(found.items.map((h) => h.name)).toEqual(['Topp:layer_1410', 'Topp:layer_1411', 'Topp:layer_1412', 'Topp:layer_1413', 'Topp:layer_1414']);
    expect(index.search({ type: 'layers', q: '_000', workspace: 'sf', offset: 0, limit: 50 }).items.map((h) => h.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `sf:layer_000${i}`),
    );
    const stores = index.search({ type: 'stores', q: '', offset: 0, limit: 10 });
    expect(stores.items).toEqual([
      { name: 'sf:db', workspace: 'sf', type: 'dataStore', path: '/workspaces/sf/datastores/db', collection: 'datastores' },
      { name: 'Topp:db', workspace: 'Topp', type: 'dataStore', path: '/workspaces/Topp/datastores/db', collection: 'datastores' },
    ]);
  });

  it('is built again only when the configuration generation changes', () => {
    const catalog = catalogWith(3);
    let generation = 1;
    const index = new SearchIndex(catalog, () => String(generation));
    expect(index.search({ type: 'layers', q: 'new', offset: 0, limit: 10 }).total).toBe(0);
    addLayer(catalog, 'sf', 'new_layer', String(catalog.byName('namespace', '', 'sf')!.id));
    expect(index.search({ type: 'layers', q: 'new', offset: 0, limit: 10 }).total).toBe(0);
    generation++;
    expect(index.search({ type: 'layers', q: 'new', offset: 0, limit: 10 }).items.map((h) => h.name)).toEqual(['sf:new_layer']);
  });
});
