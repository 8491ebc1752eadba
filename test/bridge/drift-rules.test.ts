import { describe, expect, it } from 'vitest';
import type { ConfigEntry, ConfigSnapshot } from '../../src/bridge/config-entry.js';
import { changesSince, converge, diffConfigurations, driftReport, type Difference } from '../../src/bridge/drift.js';

// The rules by which two servers holding the same configuration read as equal (docs/bridge-import.md).

function snapshot(...entries: ConfigEntry[]): ConfigSnapshot {
  return { entries: new Map(entries.map((e) => [e.path, e])), failures: [] };
}
const ft = (title: string, extra: Record<string, string> = {}): ConfigEntry => ({
  family: 'resource', path: '/rest/workspaces/w/datastores/d/featuretypes/f', collection: '/rest/workspaces/w/datastores/d/featuretypes', root: 'featureType',
  body: { name: 'f', title, ...extra },
});

describe('drift between two configurations', () => {
  it('ignores when objects were made, local ids, updateSequence, collection classes and defaults only the server shows', () => {
    const want = snapshot(
      { family: 'global', path: '/rest/settings', root: 'global', body: { settings: { id: 'a', charset: 'UTF-8' }, updateSequence: '7' } },
      { ...ft('t'), body: { name: 'f', title: 't', dateCreated: '2024', styles: { '@class': 'linked-hash-set', style: { name: 's' } } } },
    );
    const have = snapshot(
      { family: 'global', path: '/rest/settings', root: 'global', body: { settings: { id: 'b', charset: 'UTF-8' }, updateSequence: '93' } },
      { ...ft('t'), body: { name: 'f', title: 't', dateCreated: '2026', styles: { style: { name: 's' } }, skipNumberMatched: 'false' } },
    );
    expect(diffConfigurations(want, have)).toEqual([]);
  });

  it('names what is missing, extra or different (with the fields), in creation order', () => {
    const ws = (name: string): ConfigEntry => ({ family: 'workspace', path: `/rest/workspaces/${name}`, collection: '/rest/workspaces', root: 'workspace', body: { name } });
    const diffs = diffConfigurations(snapshot(ft('new title'), ws('a')), snapshot(ft('old title'), ws('b')));
    expect(diffs.map((d) => [d.kind, d.path, d.fields])).toEqual([
      ['missing', '/rest/workspaces/a', undefined],
      ['extra', '/rest/workspaces/b', undefined],
      ['different', '/rest/workspaces/w/datastores/d/featuretypes/f', ['title']],
    ]);
    expect(driftReport(diffs).byFamily).toEqual({ workspace: { missing: 1, extra: 1, different: 0 }, resource: { missing: 0, extra: 0, different: 1 } });
  });

  it('a style or template whose own document differs is different', () => {
    const style = (text: string): ConfigEntry => ({ family: 'style', path: '/rest/styles/s', root: 'style', body: { name: 's', format: 'css' }, content: { type: 'text/css', text } });
    expect(diffConfigurations(snapshot(style('* { fill: red; }')), snapshot(style('* { fill: blue; }')))[0].fields).toEqual(['(style body)']);
  });
});

describe('changesSince: what a master takes over from its GeoServer', () => {
  const ws = (name: string, extra: Record<string, string> = {}): ConfigEntry => ({ family: 'workspace', path: `/rest/workspaces/${name}`, collection: '/rest/workspaces', root: 'workspace', body: { name, ...extra } });

  it('what was made, changed or removed in the GeoServer since the last reading; never what it never had', () => {
    const before = snapshot(ws('kept'), ws('changed'), ws('removed'));
    const now = snapshot(ws('kept'), ws('changed', { isolated: 'true' }), ws('made'));
    // the node also holds 'refused', a change the GeoServer refused: it never had it, so nothing removes it
    const node = snapshot(ws('kept'), ws('changed'), ws('removed'), ws('refused'));
    expect(changesSince(now, before, node).map((d) => [d.kind, d.path, d.fields])).toEqual([
      ['different', '/rest/workspaces/changed', ['isolated']],
      ['missing', '/rest/workspaces/made', undefined],
      ['extra', '/rest/workspaces/removed', undefined],
    ]);
  });

  it('a change the node already has (it came from the node) is none', () => {
    const before = snapshot(ws('a'));
    const now = snapshot(ws('a', { isolated: 'true' }));
    expect(changesSince(now, before, now)).toEqual([]);
  });
});

describe('converge', () => {
  const d = (kind: Difference['kind'], family: Difference['family'], path: string): Difference => ({ kind, family, path });

  it('creates and changes family by family, then removes from the last family back; a failure stops nothing', async () => {
    const seen: string[] = [];
    const result = await converge(
      [d('extra', 'workspace', 'w-old'), d('missing', 'layer', 'l'), d('extra', 'resource', 'r-old'), d('missing', 'workspace', 'w'), d('different', 'store', 's')],
      async (x) => {
        seen.push(`${x.kind} ${x.path}`);
        if (x.path === 's') throw new Error('refused');
      },
      1,
    );
    expect(seen).toEqual(['missing w', 'different s', 'missing l', 'extra r-old', 'extra w-old']);
    expect(result).toEqual({ applied: 4, failures: [{ path: 's', kind: 'different', reason: 'refused' }] });
  });

  it('retries what failed while others of its family succeed (a group inside a group made first)', async () => {
    const made = new Set<string>();
    const result = await converge([d('missing', 'layerGroup', 'outer'), d('missing', 'layerGroup', 'inner')], async (x) => {
      if (x.path === 'outer' && !made.has('inner')) throw new Error('inner does not exist');
      made.add(x.path);
    });
    expect(result.failures).toEqual([]);
    expect([...made].sort()).toEqual(['inner', 'outer']);
  });
});
