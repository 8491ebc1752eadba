import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { Catalog, type ChangeContext } from '../../src/catalog/catalog.js';
import { ConfigDigest } from '../../src/cluster/digest.js';

/*
 * The digest tree resync walks: a node per type and workspace, 256 leaves under each. A change in
 * one workspace changes only that workspace's node; an object leaves the leaf it was counted in,
 * even when its workspace was renamed meanwhile.
 */

const ctx: ChangeContext = { source: 'local' };
const scope = (ws: string) => `w${createHash('sha1').update(ws).digest('hex').slice(0, 8)}`;

function catalogWithTwoWorkspaces(): { catalog: Catalog; digest: ConfigDigest } {
  const catalog = new Catalog();
  const digest = new ConfigDigest();
  digest.reset(catalog);
  catalog.onChange((change) => digest.apply(change));
  for (const ws of ['north', 'south']) {
    catalog.add('workspace', { id: `ws-${ws}`, name: ws }, ctx);
    catalog.add('dataStore', { id: `store-${ws}`, name: `db_${ws}`, type: 'PostGIS', enabled: 'true', workspace: { id: `ws-${ws}` } }, ctx);
  }
  return { catalog, digest };
}

it('keeps a node per type and workspace, and leaves under the nodes asked for', () => {
  const { digest } = catalogWithTwoWorkspaces();
  const top = digest.tree();
  expect(Object.keys(top)).toEqual(expect.arrayContaining([`workspace/${scope('north')}`, `dataStore/${scope('north')}`, `dataStore/${scope('south')}`]));
  const leaves = Object.keys(digest.tree([`dataStore/${scope('north')}`]));
  expect(leaves).toHaveLength(1);
  expect(leaves[0]).toMatch(new RegExp(`^dataStore/${scope('north')}/[0-9a-f]{2}$`));
});

it('a change in one workspace changes only that workspace\'s node', () => {
  const { catalog, digest } = catalogWithTwoWorkspaces();
  const before = digest.tree();
  const store = catalog.get('dataStore', 'store-south')!;
  catalog.modify('dataStore', { ...store, description: 'edited' }, ctx);
  const after = digest.tree();
  const changed = Object.keys(after).filter((id) => after[id].digest !== before[id]?.digest);
  expect(changed).toEqual([`dataStore/${scope('south')}`]);
});

it('an object leaves the leaf it was counted in after its workspace was renamed; a reset agrees with the increments', () => {
  const { catalog, digest } = catalogWithTwoWorkspaces();
  catalog.modify('workspace', { ...catalog.get('workspace', 'ws-north')!, name: 'arctic' }, ctx);
  catalog.remove('dataStore', 'store-north', ctx);
  const top = digest.tree();
  expect(top[`dataStore/${scope('north')}`]).toBeUndefined();
  expect(top[`workspace/${scope('arctic')}`]?.objects).toBe(1);
  const fresh = new ConfigDigest();
  fresh.reset(catalog);
  expect(fresh.value).toBe(digest.value);
  expect(fresh.tree()).toEqual(top);
});
