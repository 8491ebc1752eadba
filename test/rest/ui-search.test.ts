import { describe, expect, it } from 'vitest';
import { Catalog, type ChangeContext } from '../../src/catalog/catalog.js';
import { addWorkspace, saveWorkspace } from '../../src/catalog/operations.js';
import { search as searchIn, type SearchQuery } from '../../src/rest/routes/ui-search.js';
import { SearchIndex } from '../../src/rest/search-index.js';

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

/** The search of a node whose index lives as long as the test's catalog. */
function searcher(c: Catalog): (q: Partial<SearchQuery> & { type: string }) => ReturnType<typeof searchIn> {
  const index = new SearchIndex(c);
  return (q) => searchIn(index, c, { q: '', offset: 0, limit: 50, ...q });
}

describe('SearchIndex (GET /rest/ui/search)', () => {
  it('pages through the layers sorted by qualified name, ignoring case', () => {
    const search = searcher(catalogWith(1500));
    const first = search({ type: 'layers', limit: 2 });
    expect(first.total).toBe(3000);
    expect(first.items).toEqual([
      { name: 'sf:layer_0000', workspace: 'sf', type: 'layer', path: '/workspaces/sf/layers/layer_0000', resource: '/workspaces/sf/datastores/db/featuretypes/layer_0000' },
      { name: 'sf:layer_0001', workspace: 'sf', type: 'layer', path: '/workspaces/sf/layers/layer_0001', resource: '/workspaces/sf/datastores/db/featuretypes/layer_0001' },
    ]);
    const deep = search({ type: 'layers', offset: 2999 });
    expect(deep.items.map((h) => h.name)).toEqual(['Topp:layer_1499']);
  });

  it('filters by a case-insensitive substring and by workspace, counting every match', () => {
    const search = searcher(catalogWith(1500));
    const found = search({ type: 'layers', q: 'topp:layer_14', offset: 10, limit: 5 });
    expect(found.total).toBe(100);
    expect(found.items.map((h) => h.name)).toEqual(['Topp:layer_1410', 'Topp:layer_1411', 'Topp:layer_1412', 'Topp:layer_1413', 'Topp:layer_1414']);
    expect(search({ type: 'layers', q: '_000', workspace: 'sf' }).items.map((h) => h.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `sf:layer_000${i}`),
    );
    const stores = search({ type: 'stores' });
    expect(stores.items).toEqual([
      { name: 'sf:db', workspace: 'sf', type: 'dataStore', path: '/workspaces/sf/datastores/db', collection: 'datastores' },
      { name: 'Topp:db', workspace: 'Topp', type: 'dataStore', path: '/workspaces/Topp/datastores/db', collection: 'datastores' },
    ]);
  });

  it('keeps its lists in step with every change, as a list built afresh would be', () => {
    const c = catalogWith(40);
    const search = searcher(c);
    const fresh = (type: string) => searcher(c)({ type, limit: 500 }).items;
    const same = () => {
      for (const type of ['workspaces', 'stores', 'layers']) expect(search({ type, limit: 500 }).items).toEqual(fresh(type));
    };
    same();
    const sf = String(c.byName('namespace', '', 'sf')!.id);
    addLayer(c, 'sf', 'A_new', sf);
    same();
    expect(search({ type: 'layers', limit: 1 }).items[0].name).toBe('sf:A_new');
    // a renamed resource renames its layer
    const ft = c.get('featureType', 'ft-sf-layer_0003')!;
    c.modify('featureType', { ...ft, name: 'zz_renamed' }, LOAD);
    same();
    expect(search({ type: 'layers', q: 'zz_' }).items.map((h) => h.name)).toEqual(['sf:zz_renamed']);
    c.remove('layer', 'l-sf-layer_0007', LOAD);
    same();
    // a renamed workspace renames everything in it
    saveWorkspace(c, { ...c.get('workspace', 'ws-Topp')!, name: 'topp2' }, LOAD);
    same();
    expect(search({ type: 'layers', workspace: 'topp2' }).total).toBe(40);
    c.add('coverageStore', { id: 'cs-1', name: 'Dem', workspace: { id: 'ws-sf' } }, LOAD);
    same();
  });

  it('forgets its lists when told that the catalog was replaced (a reload publishes no changes)', () => {
    const c = catalogWith(5);
    const index = new SearchIndex(c);
    const page = () => searchIn(index, c, { type: 'layers', q: '', offset: 0, limit: 50 }).items.map((h) => h.name);
    expect(page()).toHaveLength(10);
    c.adopt(catalogWith(2));
    index.invalidate();
    expect(page()).toEqual(['sf:layer_0000', 'sf:layer_0001', 'Topp:layer_0000', 'Topp:layer_0001']);
  });
});
