import { describe, expect, it } from 'vitest';
import { Catalog, type ChangeContext } from '../../src/catalog/catalog.js';
import { GWC_TYPES, KINDS, isGwcType, isSecurityType, type InfoType } from '../../src/catalog/kinds.js';
import { addWorkspace } from '../../src/catalog/operations.js';
import type { Info } from '../../src/catalog/types.js';
import { FILES_IN, LIST_FOLDERS, Layout, rootElement } from '../../src/datadir/layout.js';

const LOCAL: ChangeContext = { source: 'local' };

/** A workspace `sf` with one store, resource and layer of each kind. */
function sample(): Catalog {
  const c = new Catalog();
  addWorkspace(c, { id: 'ws', name: 'sf' }, LOCAL);
  const ns = c.byName('namespace', '', 'sf')!.id;
  const stores = { dataStore: 'featureType', coverageStore: 'coverage', wmsStore: 'wmsLayer', wmtsStore: 'wmtsLayer' } as const;
  for (const [store, resource] of Object.entries(stores)) {
    c.add(store as InfoType, { id: `s-${store}`, name: `${store}_s`, workspace: { id: 'ws' } }, LOCAL);
    c.add(resource, { id: `r-${resource}`, name: `${resource}_r`, namespace: { id: ns }, store: { id: `s-${store}` } }, LOCAL);
    c.add('layer', { id: `l-${resource}`, name: `${resource}_r`, resource: { id: `r-${resource}` } }, LOCAL);
  }
  return c;
}

// GeoServer's data directory layout (docs: "Data directory structure"; GeoServerDataDirectory,
// XStreamPersister): where every kind of object is written, and what the loader reads.
describe('data directory layout', () => {
  const c = sample();
  const layout = new Layout(c);
  const at = (type: InfoType, info: Info) => layout.locate(type, info).file.join('/');

  it('puts each kind where GeoServer does', () => {
    expect(layout.locate('workspace', c.get('workspace', 'ws')!)).toEqual({ file: ['workspaces', 'sf', 'workspace.xml'], folder: ['workspaces', 'sf'] });
    expect(at('namespace', c.byName('namespace', '', 'sf')!)).toBe('workspaces/sf/namespace.xml');
    expect(layout.locate('dataStore', c.get('dataStore', 's-dataStore')!)).toEqual({
      file: ['workspaces', 'sf', 'dataStore_s', 'datastore.xml'],
      folder: ['workspaces', 'sf', 'dataStore_s'],
    });
    expect(at('coverageStore', c.get('coverageStore', 's-coverageStore')!)).toBe('workspaces/sf/coverageStore_s/coveragestore.xml');
    expect(at('wmsStore', c.get('wmsStore', 's-wmsStore')!)).toBe('workspaces/sf/wmsStore_s/wmsstore.xml');
    expect(at('wmtsStore', c.get('wmtsStore', 's-wmtsStore')!)).toBe('workspaces/sf/wmtsStore_s/wmtsstore.xml');
    expect(layout.locate('featureType', c.get('featureType', 'r-featureType')!)).toEqual({
      file: ['workspaces', 'sf', 'dataStore_s', 'featureType_r', 'featuretype.xml'],
      folder: ['workspaces', 'sf', 'dataStore_s', 'featureType_r'],
    });
    expect(at('coverage', c.get('coverage', 'r-coverage')!)).toBe('workspaces/sf/coverageStore_s/coverage_r/coverage.xml');
    expect(at('wmsLayer', c.get('wmsLayer', 'r-wmsLayer')!)).toBe('workspaces/sf/wmsStore_s/wmsLayer_r/wmslayer.xml');
    expect(at('wmtsLayer', c.get('wmtsLayer', 'r-wmtsLayer')!)).toBe('workspaces/sf/wmtsStore_s/wmtsLayer_r/wmtslayer.xml');
    expect(layout.locate('layer', c.get('layer', 'l-coverage')!)).toEqual({ file: ['workspaces', 'sf', 'coverageStore_s', 'coverage_r', 'layer.xml'] });
    expect(at('style', { name: 'roads' })).toBe('styles/roads.xml');
    expect(at('style', { name: 'roads', workspace: { id: 'ws' } })).toBe('workspaces/sf/styles/roads.xml');
    expect(at('layerGroup', { name: 'base' })).toBe('layergroups/base.xml');
    expect(at('layerGroup', { name: 'base', workspace: { id: 'ws' } })).toBe('workspaces/sf/layergroups/base.xml');
    expect(at('global', {})).toBe('global.xml');
    expect(at('logging', {})).toBe('logging.xml');
    expect(at('settings', { workspace: { id: 'ws' } })).toBe('workspaces/sf/settings.xml');
    for (const s of ['wms', 'wfs', 'wcs', 'wmts'] as const) {
      expect(at(s, {})).toBe(`${s}.xml`);
      expect(at(s, { workspace: { id: 'ws' } })).toBe(`workspaces/sf/${s}.xml`);
    }
    expect(at('defaults', {})).toBe('workspaces/default.xml');
    expect(layout.stylesFolder({ id: 'ws' })).toEqual(['workspaces', 'sf', 'styles']);
  });

  it('writes each kind under its own root element; the default workspace is a workspace', () => {
    // security kinds are written into GeoServer's own security files (users.xml, roles.xml, …), not one file each;
    // GeoWebCache's kinds are written by src/gwc's codecs under GeoServer's and GWC's own roots
    for (const type of Object.keys(KINDS) as InfoType[]) if (!isSecurityType(type) && !isGwcType(type)) expect(rootElement(type)).toBe(type === 'defaults' ? 'workspace' : type);
    expect(GWC_TYPES.map(rootElement)).toEqual(['GeoServerGWCConfig', 'GeoServerTileLayer', 'gridSet', 'blobStore', 'gwcConfiguration', 'gwcQuotaConfiguration']);
  });

  it('reads the files GeoServer writes, by the folder they sit in', () => {
    const files = (folder: keyof typeof FILES_IN) => Object.fromEntries(FILES_IN[folder]);
    expect(files('root')).toEqual({ 'global.xml': 'global', 'logging.xml': 'logging', 'wms.xml': 'wms', 'wfs.xml': 'wfs', 'wcs.xml': 'wcs', 'wmts.xml': 'wmts' });
    expect(files('workspaces')).toEqual({ 'default.xml': 'defaults' });
    expect(files('workspace')).toEqual({
      'workspace.xml': 'workspace', 'namespace.xml': 'namespace', 'settings.xml': 'settings',
      'wms.xml': 'wms', 'wfs.xml': 'wfs', 'wcs.xml': 'wcs', 'wmts.xml': 'wmts',
    });
    expect(files('store')).toEqual({ 'datastore.xml': 'dataStore', 'coveragestore.xml': 'coverageStore', 'wmsstore.xml': 'wmsStore', 'wmtsstore.xml': 'wmtsStore' });
    expect(files('resource')).toEqual({ 'featuretype.xml': 'featureType', 'coverage.xml': 'coverage', 'wmslayer.xml': 'wmsLayer', 'wmtslayer.xml': 'wmtsLayer', 'layer.xml': 'layer' });
    expect(LIST_FOLDERS).toEqual([{ folder: 'styles', type: 'style' }, { folder: 'layergroups', type: 'layerGroup' }]);
  });
});
