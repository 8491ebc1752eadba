import { describe, expect, it } from 'vitest';
import { Catalog, type CatalogChange, type ChangeContext } from '../../src/catalog/catalog.js';
import { removeCascade } from '../../src/catalog/cascade.js';
import { CatalogError } from '../../src/catalog/errors.js';
import { addWorkspace, defaultWorkspace, removeWorkspace, saveWorkspace } from '../../src/catalog/operations.js';

const LOCAL: ChangeContext = { source: 'local' };

function code(step: () => unknown): string | undefined {
  try {
    step();
  } catch (err) {
    if (err instanceof CatalogError) return err.code;
    throw err;
  }
  return undefined;
}

/** A small catalog: workspace sf, store, feature type, layer, styles. */
function sample(): Catalog {
  const c = new Catalog();
  addWorkspace(c, { id: 'ws-sf', name: 'sf' }, LOCAL);
  c.add('style', { id: 'st-point', name: 'point', filename: 'default_point.sld' }, LOCAL);
  c.add('style', { id: 'st-generic', name: 'generic', filename: 'default_generic.sld' }, LOCAL);
  c.add('style', { id: 'st-roads', name: 'roads', filename: 'roads.sld' }, LOCAL);
  c.add('dataStore', { id: 'ds-1', name: 'pg', workspace: { id: 'ws-sf' }, enabled: 'true' }, LOCAL);
  const ns = c.byName('namespace', '', 'sf')!;
  c.add('featureType', { id: 'ft-1', name: 'roads', nativeName: 'roads', namespace: { id: ns.id! }, store: { '@class': 'dataStore', id: 'ds-1' } }, LOCAL);
  c.add('layer', { name: 'roads', id: 'l-1', type: 'VECTOR', defaultStyle: { id: 'st-roads' }, resource: { '@class': 'featureType', id: 'ft-1' } }, LOCAL);
  c.add('layerGroup', { id: 'lg-1', name: 'base', publishables: { published: [{ '@type': 'layer', id: 'l-1' }] }, styles: { style: [''] } }, LOCAL);
  return c;
}

// GeoServer's CatalogImpl validation rules (CatalogImplTest) and CascadeDeleteVisitor.
describe('Catalog integrity', () => {
  it('indexes by id and by name in scope', () => {
    const c = sample();
    expect(c.get('dataStore', 'ds-1')?.name).toBe('pg');
    expect(c.byName('dataStore', 'ws-sf', 'pg')?.id).toBe('ds-1');
    expect(c.byName('dataStore', 'other', 'pg')).toBeUndefined();
    expect(c.layerOf('ft-1')?.id).toBe('l-1');
    expect(defaultWorkspace(c)?.name).toBe('sf');
  });

  it('refuses a duplicate name in the same scope, allows it in another', () => {
    const c = sample();
    expect(code(() => c.add('dataStore', { id: 'ds-2', name: 'pg', workspace: { id: 'ws-sf' } }, LOCAL))).toBe('duplicate');
    expect(code(() => c.add('coverageStore', { id: 'cs-2', name: 'pg', workspace: { id: 'ws-sf' } }, LOCAL))).toBe('duplicate');
    addWorkspace(c, { id: 'ws-2', name: 'other' }, LOCAL);
    c.add('dataStore', { id: 'ds-3', name: 'pg', workspace: { id: 'ws-2' } }, LOCAL);
    expect(code(() => addWorkspace(c, { name: 'sf' }, LOCAL))).toBe('duplicate');
  });

  it('refuses dangling references and references of the wrong type', () => {
    const c = sample();
    expect(code(() => c.add('dataStore', { id: 'ds-9', name: 'x', workspace: { id: 'nope' } }, LOCAL))).toBe('dangling_reference');
    expect(code(() => c.add('layer', { id: 'l-9', name: 'x', resource: { id: 'ds-1' } }, LOCAL))).toBe('invalid');
    expect(c.get('dataStore', 'ds-9')).toBeUndefined();
  });

  it('refuses names that would escape the data directory', () => {
    const c = sample();
    for (const bad of ['a/b', 'a\\b', '..', 'x..y', 'tab\there', '']) {
      expect(code(() => c.add('dataStore', { id: `ds-${bad}`, name: bad, workspace: { id: 'ws-sf' } }, LOCAL))).toMatch(/bad_name|invalid/);
    }
    expect(code(() => addWorkspace(c, { name: 'a:b' }, LOCAL))).toBe('bad_name');
  });

  it('keeps objects in use: workspace, store, resource, style, layer in a group', () => {
    const c = sample();
    expect(code(() => removeWorkspace(c, 'ws-sf', false, LOCAL))).toBe('in_use');
    expect(code(() => c.remove('dataStore', 'ds-1', LOCAL))).toBe('in_use');
    expect(code(() => c.remove('featureType', 'ft-1', LOCAL))).toBe('in_use');
    expect(code(() => c.remove('style', 'st-roads', LOCAL))).toBe('in_use');
    expect(code(() => c.remove('layer', 'l-1', LOCAL))).toBe('in_use');
    expect(code(() => c.remove('style', 'st-point', LOCAL))).toBe('protected');
  });

  it('removes recursively, leaves first, like CascadeDeleteVisitor', () => {
    const c = sample();
    const seen: string[] = [];
    c.onChange((ch: CatalogChange) => seen.push(`${ch.op}:${ch.type}`));
    removeCascade(c, 'style', 'st-roads', LOCAL);
    expect(c.get('layer', 'l-1')?.defaultStyle).toEqual({ id: 'st-generic' });
    removeWorkspace(c, 'ws-sf', true, LOCAL);
    expect(c.count('workspace') + c.count('namespace') + c.count('dataStore') + c.count('featureType') + c.count('layer') + c.count('layerGroup')).toBe(0);
    expect(seen.indexOf('remove:layer')).toBeLessThan(seen.indexOf('remove:featureType'));
    expect(seen.indexOf('remove:featureType')).toBeLessThan(seen.indexOf('remove:dataStore'));
    expect(seen.indexOf('remove:dataStore')).toBeLessThan(seen.indexOf('remove:workspace'));
    expect(seen).toContain('remove:defaults');
  });

  it('emits whole old and new objects; renaming a workspace renames its namespace', () => {
    const c = sample();
    const changes: CatalogChange[] = [];
    c.onChange((ch) => changes.push(ch));
    saveWorkspace(c, { ...c.get('workspace', 'ws-sf')!, name: 'sf2' }, LOCAL);
    expect(changes.map((ch) => `${ch.op}:${ch.type}`)).toEqual(['modify:workspace', 'modify:namespace']);
    expect(changes[0].old?.name).toBe('sf');
    expect(changes[0].new?.name).toBe('sf2');
    expect(c.byName('namespace', '', 'sf2')).toBeDefined();
  });
});
