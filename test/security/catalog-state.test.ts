import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { applySecurityChange, putSecurityState, securityStateOf } from '../../src/security/catalog-state.js';
import { readSecurityFolder } from '../../src/security/folder.js';
import { ids } from '../../src/security/model.js';
import { rulesFollowingName } from '../../src/security/name-changes.js';
import { addUser } from '../../src/security/user-operations.js';

const RICH = path.resolve(__dirname, '../fixtures/security-rich');

function loaded(): Catalog {
  const catalog = new Catalog();
  putSecurityState(catalog, readSecurityFolder(RICH)!.state, { source: 'load' });
  return catalog;
}

describe('security objects in the catalog', () => {
  it('hold the whole state: read back, it is the state read from the folder', () => {
    const read = readSecurityFolder(RICH)!.state;
    const back = securityStateOf(loaded());
    const ids = (list: Array<{ id: string }>) => list.map((x) => x.id).sort();
    for (const key of ['users', 'groups', 'members', 'roles', 'assignments', 'dataRules', 'serviceRules', 'restRules', 'userGroupServices', 'roleServices', 'authProviders'] as const) {
      expect(ids(back[key]), key).toEqual(ids(read[key]));
    }
    expect(back.catalogMode.mode).toBe('MIXED');
    expect(back.users.find((u) => u.name === 'alice')!.element).toEqual(read.users.find((u) => u.name === 'alice')!.element);
  });

  it('an operation becomes one catalog change per whole object, with its kind', () => {
    const catalog = loaded();
    const seen: string[] = [];
    catalog.onChange((c, ctx) => seen.push(`${c.op} ${c.type} ${c.key} ${ctx.source}`));
    applySecurityChange(catalog, addUser(securityStateOf(catalog), 'default', { userName: 'zoe', password: 'zoe-password' }), { source: 'local' });
    expect(seen).toEqual([`add securityUser ${ids.user('default', 'zoe')} local`]);
    expect(String(catalog.get('securityUser', ids.user('default', 'zoe'))!.password)).toMatch(/^digest1:/);
  });
});

describe('layers.properties rules follow renames and removals (SecuredResourceNameChangeListener)', () => {
  const state = readSecurityFolder(RICH)!.state;
  it('a renamed workspace keeps its rules under the new name; the old ones are removed', () => {
    const change = rulesFollowingName(state, { workspace: 'topp', to: 'tasmania' });
    const keys = (op: string) => change.changes.filter((c) => c.op === op).map((c) => c.object.id).sort();
    expect(keys('remove')).toEqual([ids.dataRule('topp.*.a'), ids.dataRule('topp.*.w'), ids.dataRule('topp.states.r')].sort());
    expect(keys('put')).toEqual([ids.dataRule('tasmania.*.a'), ids.dataRule('tasmania.*.w'), ids.dataRule('tasmania.states.r')].sort());
  });

  it('a removed layer loses its rules; a name no rule mentions changes nothing', () => {
    const removed = rulesFollowingName(state, { workspace: 'topp', layer: 'states' });
    expect(removed.changes.map((c) => `${c.op} ${c.object.id}`)).toEqual([`remove ${ids.dataRule('topp.states.r')}`]);
    expect(rulesFollowingName(state, { workspace: 'nowhere', to: 'elsewhere' }).changes).toEqual([]);
  });
});
