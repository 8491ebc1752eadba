import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { addWorkspace } from '../../src/catalog/operations.js';
import { ConfigDigest } from '../../src/cluster/digest.js';

describe('the digest follows changes with the normal forms the catalog computed', () => {
  it('after adds and modifies (lists of one, empty lists) it equals the digest computed from scratch', () => {
    const catalog = new Catalog();
    const live = new ConfigDigest();
    live.reset(catalog); // as a node does at start: later changes find their workspace in this catalog
    const forms: boolean[] = [];
    catalog.onChange((change) => {
      if (change.op === 'modify') forms.push(change.normal !== undefined);
      live.apply(change);
    });
    const ctx = { source: 'local' as const };
    addWorkspace(catalog, { id: 'ws-1', name: 'one' }, ctx);
    const store = { id: 'ds-1', name: 'store', workspace: { id: 'ws-1' }, type: 'PostGIS', enabled: 'true' };
    catalog.put('dataStore', { ...store, description: 'a' }, ctx);
    catalog.put('dataStore', { ...store, description: 'b', metadata: { entry: [{ '@key': 'k', $: 'v' }] } }, ctx);
    // the same object as written and read back: no change at all
    expect(catalog.modify('dataStore', { ...store, description: 'b', metadata: { entry: { '@key': 'k', $: 'v' } } }, ctx)).toBe(false);
    catalog.put('dataStore', { ...store, description: 'c', metadata: { entry: [] } }, ctx);
    const fresh = new ConfigDigest();
    fresh.reset(catalog);
    expect(live.value).toBe(fresh.value);
    expect(live.tree()).toEqual(fresh.tree());
    expect(forms).toEqual([true, true]);
  });
});
