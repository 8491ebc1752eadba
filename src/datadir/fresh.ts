import * as fs from 'node:fs';
import * as path from 'node:path';
import { KINDS, SERVICE_TYPES, type ServiceType } from '../catalog/kinds.js';
import type { Info } from '../catalog/types.js';
import { writeXml } from '../xml/write.js';
import { writeFileAtomic } from './files.js';
import { freshGwcFiles } from './gwc-files.js';
import { rootElement, WORKSPACES } from './layout.js';

/**
 * What a fresh GeoServer writes into an empty data directory: the five default styles with their
 * SLD files, global settings, logging and the four global services.
 */
const SLD_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0"
    xsi:schemaLocation="http://www.opengis.net/sld StyledLayerDescriptor.xsd"
    xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc"
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
`;

function sld(name: string, title: string, rules: string): string {
  return `${SLD_HEAD}  <NamedLayer>
    <Name>${name}</Name>
    <UserStyle>
      <Title>${title}</Title>
      <FeatureTypeStyle>
${rules}      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;
}

const POINT_RULE = `        <Rule>
          <Name>point</Name>
          <Title>Point</Title>
          <PointSymbolizer>
            <Graphic>
              <Mark>
                <WellKnownName>square</WellKnownName>
                <Fill><CssParameter name="fill">#FF0000</CssParameter></Fill>
              </Mark>
              <Size>6</Size>
            </Graphic>
          </PointSymbolizer>
        </Rule>
`;
const LINE_RULE = `        <Rule>
          <Name>line</Name>
          <Title>Blue Line</Title>
          <LineSymbolizer>
            <Stroke><CssParameter name="stroke">#0000FF</CssParameter><CssParameter name="stroke-width">1</CssParameter></Stroke>
          </LineSymbolizer>
        </Rule>
`;
const POLYGON_RULE = `        <Rule>
          <Name>polygon</Name>
          <Title>Grey Polygon</Title>
          <PolygonSymbolizer>
            <Fill><CssParameter name="fill">#AAAAAA</CssParameter></Fill>
            <Stroke><CssParameter name="stroke">#000000</CssParameter><CssParameter name="stroke-width">1</CssParameter></Stroke>
          </PolygonSymbolizer>
        </Rule>
`;
const RASTER_RULE = `        <Rule>
          <Name>raster</Name>
          <Title>Opaque Raster</Title>
          <RasterSymbolizer><Opacity>1.0</Opacity></RasterSymbolizer>
        </Rule>
`;

function filtered(rule: string, filter: string): string {
  return rule.replace(/(<Title>[^<]*<\/Title>\n)/, `$1          ${filter}\n`);
}

const GENERIC_RULES =
  filtered(RASTER_RULE, '<ogc:Filter><ogc:PropertyIsEqualTo><ogc:Function name="isCoverage"/><ogc:Literal>true</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>') +
  filtered(POLYGON_RULE, '<ogc:Filter><ogc:PropertyIsEqualTo><ogc:Function name="dimension"><ogc:Function name="geometry"/></ogc:Function><ogc:Literal>2</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>') +
  filtered(LINE_RULE, '<ogc:Filter><ogc:PropertyIsEqualTo><ogc:Function name="dimension"><ogc:Function name="geometry"/></ogc:Function><ogc:Literal>1</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>') +
  filtered(POINT_RULE, '<ElseFilter/>') +
  '        <VendorOption name="ruleEvaluation">first</VendorOption>\n';

export const DEFAULT_STYLE_FILES: Array<{ name: string; filename: string; body: string }> = [
  { name: 'point', filename: 'default_point.sld', body: sld('point', 'Red Square Point', POINT_RULE) },
  { name: 'line', filename: 'default_line.sld', body: sld('line', 'Blue Line', LINE_RULE) },
  { name: 'polygon', filename: 'default_polygon.sld', body: sld('polygon', 'Grey Polygon', POLYGON_RULE) },
  { name: 'raster', filename: 'raster.sld', body: sld('raster', 'Opaque Raster', RASTER_RULE) },
  { name: 'generic', filename: 'default_generic.sld', body: sld('generic', 'Generic', GENERIC_RULES) },
];

/**
 * Objects of a fresh data directory get fixed ids, so that every fresh node starts with the same
 * configuration (same digest) and nodes can join a cluster without conflicts over defaults.
 */
export function defaultStyleInfo(name: string, filename: string): Info {
  return { id: `StyleInfoImpl--default-${name}`, name, format: 'sld', languageVersion: { version: '1.0.0' }, filename };
}

export function defaultGlobal(): Info {
  return {
    settings: {
      id: 'SettingsInfoImpl--global',
      contact: { addressCity: '', addressCountry: '', contactOrganization: '', contactPerson: '' },
      charset: 'UTF-8',
      numDecimals: '8',
      onlineResource: 'http://geoserver.org',
      verbose: 'false',
      verboseExceptions: 'false',
      localWorkspaceIncludesPrefix: 'false',
      showCreatedTimeColumnsInAdminList: 'false',
      showModifiedTimeColumnsInAdminList: 'false',
      useHeadersProxyURL: 'false',
    },
    jai: {
      allowInterpolation: 'false', recycling: 'false', tilePriority: '5', tileThreads: '7',
      memoryCapacity: '0.5', memoryThreshold: '0.75', imageIOCache: 'false',
      pngAcceleration: 'true', jpegAcceleration: 'true', allowNativeMosaic: 'false', allowNativeWarp: 'false',
    },
    coverageAccess: { maxPoolSize: '10', corePoolSize: '5', keepAliveTime: '30000', queueType: 'UNBOUNDED', imageIOCacheThreshold: '10240' },
    updateSequence: '0',
    featureTypeCacheSize: '0',
    globalServices: 'true',
    xmlPostRequestLogBufferSize: '1024',
    webUIMode: 'DEFAULT',
  };
}

export function defaultLogging(): Info {
  return { level: 'DEFAULT_LOGGING', location: 'logs/geoserver.log', stdOutLogging: 'true' };
}

export function defaultService(type: ServiceType): Info {
  const upper = type.toUpperCase();
  // GeoServer writes the literal ids wms, wfs and wcs for its global services
  const common: Info = {
    id: type === 'wmts' ? 'WMTSInfoImpl--global' : type,
    enabled: 'true',
    name: upper,
    title: `GeoServer ${upper}`,
    maintainer: 'http://geoserver.org/comm',
    abstrct: `This is a description of your ${upper} service.`,
    accessConstraints: 'NONE',
    fees: 'NONE',
    keywords: { string: [upper, 'GEOSERVER'] },
    citeCompliant: 'false',
    onlineResource: 'http://geoserver.org',
    schemaBaseURL: 'http://schemas.opengis.net',
    verbose: 'false',
  };
  if (type === 'wms') Object.assign(common, { interpolation: 'Nearest', maxBuffer: '25', maxRequestMemory: '0', maxRenderingTime: '0', maxRenderingErrors: '0' });
  if (type === 'wfs') Object.assign(common, { maxFeatures: '1000000', serviceLevel: 'COMPLETE', featureBounding: 'true' });
  if (type === 'wcs') Object.assign(common, { maxInputMemory: '0', maxOutputMemory: '0' });
  return common;
}

/**
 * Initialises an empty or missing data directory like a fresh GeoServer; files that already
 * exist are left alone, so a partly initialised directory is completed, never overwritten.
 */
export function initDataDir(root: string): boolean {
  fs.mkdirSync(root, { recursive: true });
  if (fs.readdirSync(root).some((f) => f !== 'cluster' && !f.startsWith('.'))) return false;
  const put = (rel: string, data: string) => {
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) writeFileAtomic(file, data);
  };
  const styles = KINDS.style.dataDir.list;
  for (const s of DEFAULT_STYLE_FILES) {
    put(`${styles}/${s.filename}`, s.body);
    put(`${styles}/${s.name}.xml`, writeXml(rootElement('style'), defaultStyleInfo(s.name, s.filename)));
  }
  put(KINDS.global.dataDir.file, writeXml(rootElement('global'), defaultGlobal()));
  put(KINDS.logging.dataDir.file, writeXml(rootElement('logging'), defaultLogging()));
  for (const t of SERVICE_TYPES) put(KINDS[t].dataDir.file, writeXml(rootElement(t), defaultService(t)));
  for (const [file, data] of freshGwcFiles()) put(file, data);
  fs.mkdirSync(path.join(root, WORKSPACES), { recursive: true });
  return true;
}
