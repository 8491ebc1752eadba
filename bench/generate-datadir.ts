/**
 * Synthetic GeoServer data directory generator for benchmarks.
 *
 * Writes a data directory in the on-disk format GeoServer uses (XStream XML, no XML declaration,
 * two-space indentation, references written as `<x><id>…</id></x>`), with N layers:
 *   - workspaces: max(1, round(N / 2000)), each with workspace.xml + namespace.xml; the first one is the
 *     default (workspaces/default.xml is a copy of its workspace.xml, as GeoServer writes it);
 *   - 80% feature types in ~10 PostGIS data stores per workspace, 15% coverages (one GeoTIFF coverage
 *     store per coverage), 5% cascaded WMS layers in a few WMS stores per workspace;
 *   - one layer.xml per resource (defaultStyle + alternate styles that reference existing styles by id);
 *   - styles: the 5 GeoServer defaults (point/line/polygon/raster/generic -> default_*.sld), N/20 global
 *     styles, 3 styles per workspace, each with its .sld file;
 *   - layer groups: N/50 (80% global, 20% in a workspace), some nested, with style lists;
 *   - global.xml, logging.xml, wms.xml, wfs.xml, wcs.xml, wmts.xml; settings.xml + virtual wms.xml for
 *     every 50th workspace.
 * Output is deterministic for a given (layers, seed).
 *
 * It is built for speed (1M layers = ~2.3M files): plain synchronous fs calls, string templates, one
 * mkdirSync per directory, no XML library.
 *
 * CLI: node dist/bench/generate-datadir.js --layers 100000 --out /path/to/dir [--seed 42]
 * prints the GeneratedCounts as JSON on stdout (timing goes to stderr).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface GenerateOptions {
  /** Number of layers (= resources) to generate. */
  layers: number;
  /** PRNG seed; the same seed and layer count produce byte-identical output. Default 1. */
  seed?: number;
}

export interface GeneratedCounts {
  workspaces: number;
  namespaces: number;
  dataStores: number;
  coverageStores: number;
  wmsStores: number;
  featureTypes: number;
  coverages: number;
  wmsLayers: number;
  layers: number;
  layerGroups: number;
  styles: number;
  /** Number of files written. */
  files: number;
  /** Total bytes written. */
  bytes: number;
}

// ---------------------------------------------------------------------------------------------------
// helpers

/** mulberry32: small, fast, deterministic PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Formats a double the way Java's Double.toString does (`10.0`, `1.5E-4`, `1.0E7`). */
function fmt(x: number): string {
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e7)) {
    const [m, e] = x.toExponential().split('e');
    return `${m.includes('.') ? m : m + '.0'}E${e.startsWith('+') ? e.slice(1) : e}`;
  }
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * GeoServer ids are `ClassNameImpl-` + a java.rmi.server.UID (`<unique>:<time>:<count>`, count a short
 * counting up from -0x8000). Ids are derived from a single counter so they can be recomputed from an int.
 */
class IdGen {
  private counter = 0;
  private readonly unique: string;
  private readonly time: number;

  constructor(seed: number) {
    const r = mulberry32(seed ^ 0x5eed1d);
    this.unique = Math.floor(r() * 0x7fffffff).toString(16);
    this.time = 0x18c00000000 + Math.floor(r() * 0x3fffffff);
  }

  next(): number {
    return this.counter++;
  }

  format(cls: string, k: number): string {
    const count = 0x8000 - (k % 0x8000);
    const time = this.time + Math.floor(k / 0x8000);
    return `${cls}-${this.unique}:${time.toString(16)}:-${count.toString(16)}`;
  }

  id(cls: string): string {
    return this.format(cls, this.next());
  }
}

class Writer {
  files = 0;
  bytes = 0;

  write(file: string, content: string): void {
    const buf = Buffer.from(content, 'utf8');
    writeFileSync(file, buf);
    this.files++;
    this.bytes += buf.length;
  }
}

const BASE_TIME = Date.UTC(2024, 0, 8, 9, 0, 0);

/** GeoServer date format: `2024-01-08 09:00:00.0 UTC` (java.util.Date via XStream's ISO-ish converter). */
function gsDate(offsetSeconds: number): string {
  const iso = new Date(BASE_TIME + offsetSeconds * 1000 + (offsetSeconds % 997)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}

// ---------------------------------------------------------------------------------------------------
// constant fragments

const WKT_4326 =
  'GEOGCS[&quot;WGS 84&quot;, \n' +
  '  DATUM[&quot;World Geodetic System 1984&quot;, \n' +
  '    SPHEROID[&quot;WGS 84&quot;, 6378137.0, 298.257223563, AUTHORITY[&quot;EPSG&quot;,&quot;7030&quot;]], \n' +
  '    AUTHORITY[&quot;EPSG&quot;,&quot;6326&quot;]], \n' +
  '  PRIMEM[&quot;Greenwich&quot;, 0.0, AUTHORITY[&quot;EPSG&quot;,&quot;8901&quot;]], \n' +
  '  UNIT[&quot;degree&quot;, 0.017453292519943295], \n' +
  '  AXIS[&quot;Geodetic longitude&quot;, EAST], \n' +
  '  AXIS[&quot;Geodetic latitude&quot;, NORTH], \n' +
  '  AUTHORITY[&quot;EPSG&quot;,&quot;4326&quot;]]';

const ATTRIBUTION = `  <attribution>
    <logoWidth>0</logoWidth>
    <logoHeight>0</logoHeight>
  </attribution>
`;

const FT_TAIL = `  <overridingServiceSRS>false</overridingServiceSRS>
  <skipNumberMatched>false</skipNumberMatched>
  <circularArcPresent>false</circularArcPresent>
</featureType>`;

const FT_FLAGS = `  <serviceConfiguration>false</serviceConfiguration>
  <simpleConversionEnabled>false</simpleConversionEnabled>
  <internationalTitle/>
  <internationalAbstract/>
`;

const COV_FORMATS = `  <nativeFormat>GeoTIFF</nativeFormat>
`;

const COV_LISTS = `  <supportedFormats>
    <string>GIF</string>
    <string>PNG</string>
    <string>JPEG</string>
    <string>TIFF</string>
    <string>GEOTIFF</string>
    <string>IMAGEMOSAIC</string>
    <string>ARCGRID</string>
    <string>GTOPO30</string>
  </supportedFormats>
  <interpolationMethods>
    <string>nearest neighbor</string>
    <string>bilinear</string>
    <string>bicubic</string>
  </interpolationMethods>
  <defaultInterpolationMethod>nearest neighbor</defaultInterpolationMethod>
`;

const COV_TAIL = `  <requestSRS>
    <string>EPSG:4326</string>
  </requestSRS>
  <responseSRS>
    <string>EPSG:4326</string>
  </responseSRS>
  <parameters>
    <entry>
      <string>InputTransparentColor</string>
      <string></string>
    </entry>
    <entry>
      <string>SUGGESTED_TILE_SIZE</string>
      <string>512,512</string>
    </entry>
  </parameters>
`;

function timeDimension(attribute: string | null): string {
  return `    <entry key="time">
      <dimensionInfo>
        <enabled>true</enabled>
${attribute ? `        <attribute>${attribute}</attribute>\n` : ''}        <presentation>LIST</presentation>
        <units>ISO8601</units>
        <defaultValue>
          <strategy>MAXIMUM</strategy>
        </defaultValue>
        <nearestMatchEnabled>false</nearestMatchEnabled>
        <rawNearestMatchEnabled>false</rawNearestMatchEnabled>
      </dimensionInfo>
    </entry>
`;
}

interface FtKind {
  prefix: string;
  geom: string;
  /** 0 point, 1 line, 2 polygon */
  styleKind: number;
  title: string;
}

const FT_KINDS: FtKind[] = [
  { prefix: 'roads', geom: 'MultiLineString', styleKind: 1, title: 'Roads' },
  { prefix: 'parcels', geom: 'MultiPolygon', styleKind: 2, title: 'Cadastral parcels' },
  { prefix: 'poi', geom: 'Point', styleKind: 0, title: 'Points of interest' },
  { prefix: 'buildings', geom: 'MultiPolygon', styleKind: 2, title: 'Buildings' },
  { prefix: 'rivers', geom: 'MultiLineString', styleKind: 1, title: 'Rivers' },
  { prefix: 'landuse', geom: 'MultiPolygon', styleKind: 2, title: 'Land use' },
  { prefix: 'stations', geom: 'Point', styleKind: 0, title: 'Stations' },
  { prefix: 'railways', geom: 'MultiLineString', styleKind: 1, title: 'Railways' },
  { prefix: 'lakes', geom: 'MultiPolygon', styleKind: 2, title: 'Lakes' },
  { prefix: 'trees', geom: 'MultiPoint', styleKind: 0, title: 'Trees' },
];

const COV_KINDS = ['dem', 'ortho', 'landcover', 'ndvi', 'temperature'];

const KEYWORDS = [
  'features', 'transport', 'hydrography', 'cadastre', 'environment', 'boundaries', 'imagery',
  'elevation', 'infrastructure', 'planning', 'utilities', 'census',
];

/** [name, binding, length (0 = none)] */
const ATTRS: Array<[string, string, number]> = [
  ['name', 'java.lang.String', 80],
  ['code', 'java.lang.String', 16],
  ['category', 'java.lang.String', 32],
  ['population', 'java.lang.Long', 0],
  ['area_km2', 'java.lang.Double', 0],
  ['length_m', 'java.lang.Double', 0],
  ['lanes', 'java.lang.Integer', 0],
  ['status', 'java.lang.String', 12],
  ['owner', 'java.lang.String', 64],
  ['updated', 'java.sql.Timestamp', 0],
  ['elevation', 'java.lang.Double', 0],
  ['is_active', 'java.lang.Boolean', 0],
];

function attribute(name: string, binding: string, length: number): string {
  return `    <attribute>
      <name>${name}</name>
      <minOccurs>0</minOccurs>
      <maxOccurs>1</maxOccurs>
      <nillable>true</nillable>
      <binding>${binding}</binding>
${length > 0 ? `      <length>${length}</length>\n` : ''}    </attribute>
`;
}

function bboxXml(tag: string, b: Float64Array, o: number): string {
  return `  <${tag}>
    <minx>${fmt(b[o])}</minx>
    <maxx>${fmt(b[o + 2])}</maxx>
    <miny>${fmt(b[o + 1])}</miny>
    <maxy>${fmt(b[o + 3])}</maxy>
    <crs>EPSG:4326</crs>
  </${tag}>
`;
}

function ref(tag: string, id: string, indent = '  ', attr = ''): string {
  return `${indent}<${tag}${attr}>\n${indent}  <id>${id}</id>\n${indent}</${tag}>\n`;
}

// ---------------------------------------------------------------------------------------------------
// styles

const SLD_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0"
    xsi:schemaLocation="http://www.opengis.net/sld StyledLayerDescriptor.xsd"
    xmlns="http://www.opengis.net/sld"
    xmlns:ogc="http://www.opengis.net/ogc"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
`;

function symbolizer10(kind: number, color: string, width: number): string {
  switch (kind) {
    case 0:
      return `          <PointSymbolizer>
            <Graphic>
              <Mark>
                <WellKnownName>${width > 2 ? 'circle' : 'square'}</WellKnownName>
                <Fill>
                  <CssParameter name="fill">${color}</CssParameter>
                </Fill>
              </Mark>
              <Size>${4 + width * 2}</Size>
            </Graphic>
          </PointSymbolizer>
`;
    case 1:
      return `          <LineSymbolizer>
            <Stroke>
              <CssParameter name="stroke">${color}</CssParameter>
              <CssParameter name="stroke-width">${width}</CssParameter>
            </Stroke>
          </LineSymbolizer>
`;
    case 2:
      return `          <PolygonSymbolizer>
            <Fill>
              <CssParameter name="fill">${color}</CssParameter>
            </Fill>
            <Stroke>
              <CssParameter name="stroke">#000000</CssParameter>
              <CssParameter name="stroke-width">${width}</CssParameter>
            </Stroke>
          </PolygonSymbolizer>
`;
    default:
      if (width === 0) {
        return `          <RasterSymbolizer>
            <Opacity>1.0</Opacity>
          </RasterSymbolizer>
`;
      }
      return `          <RasterSymbolizer>
            <Opacity>1.0</Opacity>
            <ColorMap>
              <ColorMapEntry color="#000000" quantity="0" opacity="0.0"/>
              <ColorMapEntry color="${color}" quantity="${width * 100}"/>
              <ColorMapEntry color="#FFFFFF" quantity="${width * 1000}"/>
            </ColorMap>
          </RasterSymbolizer>
`;
  }
}

function sld10(name: string, title: string, kind: number, color: string, width: number): string {
  return `${SLD_HEAD}  <NamedLayer>
    <Name>${name}</Name>
    <UserStyle>
      <Title>${title}</Title>
      <FeatureTypeStyle>
        <Rule>
${symbolizer10(kind, color, width)}        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;
}

function sld11(name: string, kind: number, color: string, width: number): string {
  const body =
    kind === 0
      ? `          <se:PointSymbolizer>
            <se:Graphic>
              <se:Mark>
                <se:WellKnownName>triangle</se:WellKnownName>
                <se:Fill>
                  <se:SvgParameter name="fill">${color}</se:SvgParameter>
                </se:Fill>
              </se:Mark>
              <se:Size>${6 + width}</se:Size>
            </se:Graphic>
          </se:PointSymbolizer>
`
      : kind === 1
        ? `          <se:LineSymbolizer>
            <se:Stroke>
              <se:SvgParameter name="stroke">${color}</se:SvgParameter>
              <se:SvgParameter name="stroke-width">${width}</se:SvgParameter>
            </se:Stroke>
          </se:LineSymbolizer>
`
        : `          <se:PolygonSymbolizer>
            <se:Fill>
              <se:SvgParameter name="fill">${color}</se:SvgParameter>
            </se:Fill>
          </se:PolygonSymbolizer>
`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.1.0"
    xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd"
    xmlns="http://www.opengis.net/sld"
    xmlns:se="http://www.opengis.net/se"
    xmlns:ogc="http://www.opengis.net/ogc"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <NamedLayer>
    <se:Name>${name}</se:Name>
    <UserStyle>
      <se:Name>${name}</se:Name>
      <se:FeatureTypeStyle>
        <se:Rule>
${body}        </se:Rule>
      </se:FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;
}

const DEFAULT_GENERIC_SLD = `${SLD_HEAD}  <NamedLayer>
    <Name>generic</Name>
    <UserStyle>
      <Title>Generic</Title>
      <FeatureTypeStyle>
        <Rule>
          <Name>raster</Name>
          <ogc:Filter>
            <ogc:PropertyIsEqualTo>
              <ogc:Function name="isCoverage"/>
              <ogc:Literal>true</ogc:Literal>
            </ogc:PropertyIsEqualTo>
          </ogc:Filter>
${symbolizer10(3, '', 0)}        </Rule>
        <Rule>
          <Name>polygon</Name>
          <ogc:Filter>
            <ogc:PropertyIsEqualTo>
              <ogc:Function name="dimension">
                <ogc:Function name="geometry"/>
              </ogc:Function>
              <ogc:Literal>2</ogc:Literal>
            </ogc:PropertyIsEqualTo>
          </ogc:Filter>
${symbolizer10(2, '#AAAAAA', 1)}        </Rule>
        <Rule>
          <Name>line</Name>
          <ogc:Filter>
            <ogc:PropertyIsEqualTo>
              <ogc:Function name="dimension">
                <ogc:Function name="geometry"/>
              </ogc:Function>
              <ogc:Literal>1</ogc:Literal>
            </ogc:PropertyIsEqualTo>
          </ogc:Filter>
${symbolizer10(1, '#0000FF', 1)}        </Rule>
        <Rule>
          <Name>point</Name>
          <ElseFilter/>
${symbolizer10(0, '#FF0000', 1)}        </Rule>
        <VendorOption name="ruleEvaluation">first</VendorOption>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;

function styleXml(
  id: string,
  name: string,
  wsId: string | null,
  version: string,
  filename: string,
  date: string | null,
): string {
  return `<style>
  <id>${id}</id>
  <name>${name}</name>
${wsId ? ref('workspace', wsId) : ''}  <format>sld</format>
  <languageVersion>
    <version>${version}</version>
  </languageVersion>
  <filename>${filename}</filename>
${date ? `  <dateCreated>${date}</dateCreated>\n` : ''}</style>`;
}

// ---------------------------------------------------------------------------------------------------
// global configuration files

function globalXml(settingsId: string, updateSequence: number): string {
  const intl = [
    'Address', 'AddressCity', 'AddressCountry', 'AddressDeliveryPoint', 'AddressPostalCode', 'AddressState',
    'AddressType', 'ContactEmail', 'ContactFacsimile', 'ContactOrganization', 'ContactPerson',
    'ContactPosition', 'ContactVoice', 'OnlineResource', 'Welcome',
  ]
    .map((n) => `      <international${n} class="org.geotools.util.GrowableInternationalString"/>\n`)
    .join('');
  return `<global>
  <settings>
    <id>${settingsId}</id>
    <contact>
      <addressCity>Benchville</addressCity>
      <addressCountry>Nowhere</addressCountry>
      <addressType>Work</addressType>
      <contactEmail>bench@example.org</contactEmail>
      <contactOrganization>geocluster benchmark</contactOrganization>
      <contactPerson>Bench Marker</contactPerson>
      <contactPosition>Load generator</contactPosition>
      <onlineResource>https://bench.example.org</onlineResource>
      <welcome>Synthetic data directory for load tests.</welcome>
${intl}    </contact>
    <charset>UTF-8</charset>
    <numDecimals>8</numDecimals>
    <onlineResource>http://geoserver.org</onlineResource>
    <verbose>false</verbose>
    <verboseExceptions>false</verboseExceptions>
    <metadata>
      <map>
        <entry>
          <string>quietOnNotFound</string>
          <boolean>false</boolean>
        </entry>
      </map>
    </metadata>
    <localWorkspaceIncludesPrefix>false</localWorkspaceIncludesPrefix>
    <showCreatedTimeColumnsInAdminList>false</showCreatedTimeColumnsInAdminList>
    <showModifiedTimeColumnsInAdminList>false</showModifiedTimeColumnsInAdminList>
    <useHeadersProxyURL>false</useHeadersProxyURL>
  </settings>
  <jai>
    <allowInterpolation>false</allowInterpolation>
    <recycling>false</recycling>
    <tilePriority>5</tilePriority>
    <tileThreads>7</tileThreads>
    <memoryCapacity>0.5</memoryCapacity>
    <memoryThreshold>0.75</memoryThreshold>
    <imageIOCache>false</imageIOCache>
    <pngAcceleration>true</pngAcceleration>
    <jpegAcceleration>true</jpegAcceleration>
    <allowNativeMosaic>false</allowNativeMosaic>
    <allowNativeWarp>false</allowNativeWarp>
  </jai>
  <coverageAccess>
    <maxPoolSize>10</maxPoolSize>
    <corePoolSize>5</corePoolSize>
    <keepAliveTime>30000</keepAliveTime>
    <queueType>UNBOUNDED</queueType>
    <imageIOCacheThreshold>10240</imageIOCacheThreshold>
  </coverageAccess>
  <metadata>
    <entry key="logRequestsEnabled">false</entry>
  </metadata>
  <updateSequence>${updateSequence}</updateSequence>
  <featureTypeCacheSize>0</featureTypeCacheSize>
  <globalServices>true</globalServices>
  <xmlPostRequestLogBufferSize>1024</xmlPostRequestLogBufferSize>
  <webUIMode>DEFAULT</webUIMode>
</global>`;
}

const LOGGING_XML = `<logging>
  <level>DEFAULT_LOGGING</level>
  <location>logs/geoserver.log</location>
  <stdOutLogging>true</stdOutLogging>
</logging>`;

function versions(vs: string[]): string {
  return `  <versions>\n${vs
    .map((v) => `    <org.geotools.util.Version>\n      <version>${v}</version>\n    </org.geotools.util.Version>\n`)
    .join('')}  </versions>\n`;
}

function keywordList(ks: string[], indent = '  '): string {
  return `${indent}<keywords>\n${ks.map((k) => `${indent}  <string>${k}</string>\n`).join('')}${indent}</keywords>\n`;
}

function serviceHead(root: string, id: string, wsId: string | null, name: string, title: string): string {
  return `<${root}>
  <id>${id}</id>
${wsId ? ref('workspace', wsId) : ''}  <enabled>true</enabled>
  <name>${name}</name>
  <title>${title}</title>
  <internationalTitle/>
  <maintainer>https://bench.example.org/contact</maintainer>
  <abstrct>${title} (synthetic benchmark configuration).</abstrct>
  <internationalAbstract/>
  <accessConstraints>NONE</accessConstraints>
  <fees>NONE</fees>
`;
}

const SERVICE_COMMON = `  <metadataLink/>
  <citeCompliant>false</citeCompliant>
  <onlineResource>https://bench.example.org</onlineResource>
  <schemaBaseURL>http://schemas.opengis.net</schemaBaseURL>
  <verbose>false</verbose>
`;

function wmsXml(id: string, wsId: string | null, title: string): string {
  return `${serviceHead('wms', id, wsId, 'WMS', title)}${versions(['1.1.1', '1.3.0'])}${keywordList([
    'WMS',
    'GEOSERVER',
  ])}${SERVICE_COMMON}  <metadata>
    <entry key="svgAntiAlias">true</entry>
    <entry key="rootLayerInCapabilities">true</entry>
    <entry key="mapWrapping">true</entry>
    <entry key="pngCompression">25</entry>
    <entry key="jpegCompression">25</entry>
    <entry key="advancedProjectionHandling">true</entry>
    <entry key="svgRenderer">Batik</entry>
  </metadata>
  <bboxForEachCRS>false</bboxForEachCRS>
  <watermark>
    <enabled>false</enabled>
    <position>BOT_RIGHT</position>
    <transparency>0</transparency>
  </watermark>
  <interpolation>Nearest</interpolation>
  <getFeatureInfoMimeTypeCheckingEnabled>false</getFeatureInfoMimeTypeCheckingEnabled>
  <getMapMimeTypeCheckingEnabled>false</getMapMimeTypeCheckingEnabled>
  <dynamicStylingDisabled>false</dynamicStylingDisabled>
  <featuresReprojectionDisabled>false</featuresReprojectionDisabled>
  <maxBuffer>25</maxBuffer>
  <maxRequestMemory>65536</maxRequestMemory>
  <maxRenderingTime>60</maxRenderingTime>
  <maxRenderingErrors>1000</maxRenderingErrors>
  <internationalRootLayerTitle/>
  <internationalRootLayerAbstract/>
  <maxRequestedDimensionValues>100</maxRequestedDimensionValues>
  <cacheConfiguration>
    <enabled>false</enabled>
    <maxEntries>1000</maxEntries>
    <maxEntrySize>51200</maxEntrySize>
  </cacheConfiguration>
  <remoteStyleMaxRequestTime>60000</remoteStyleMaxRequestTime>
  <remoteStyleTimeout>30000</remoteStyleTimeout>
  <defaultGroupStyleEnabled>true</defaultGroupStyleEnabled>
</wms>`;
}

function wfsXml(): string {
  const gml = (v: string, style: string, override: boolean): string => `    <entry>
      <version>${v}</version>
      <gml>
        <srsNameStyle>${style}</srsNameStyle>
        <overrideGMLAttributes>${override}</overrideGMLAttributes>
      </gml>
    </entry>
`;
  return `${serviceHead('wfs', 'wfs', null, 'WFS', 'Benchmark Web Feature Service')}${versions([
    '1.0.0',
    '1.1.0',
    '2.0.0',
  ])}${keywordList(['WFS', 'GEOSERVER'])}${SERVICE_COMMON}  <metadata>
    <entry key="SHAPE-ZIP_DEFAULT_PRJ_IS_ESRI">false</entry>
  </metadata>
  <gml>
${gml('V_11', 'URN', false)}${gml('V_20', 'URN2', false)}${gml('V_10', 'XML', true)}  </gml>
  <serviceLevel>COMPLETE</serviceLevel>
  <maxFeatures>1000000</maxFeatures>
  <featureBounding>false</featureBounding>
  <canonicalSchemaLocation>false</canonicalSchemaLocation>
  <encodeFeatureMember>false</encodeFeatureMember>
  <hitsIgnoreMaxFeatures>false</hitsIgnoreMaxFeatures>
  <includeWFSRequestDumpFile>false</includeWFSRequestDumpFile>
  <allowGlobalQueries>true</allowGlobalQueries>
  <simpleConversionEnabled>false</simpleConversionEnabled>
</wfs>`;
}

function wcsXml(): string {
  return `${serviceHead('wcs', 'wcs', null, 'WCS', 'Benchmark Web Coverage Service')}${versions([
    '1.0.0',
    '1.1.1',
    '2.0.1',
  ])}${keywordList(['WCS', 'GEOSERVER'])}${SERVICE_COMMON}  <gmlPrefixing>false</gmlPrefixing>
  <latLon>false</latLon>
  <maxInputMemory>0</maxInputMemory>
  <maxOutputMemory>0</maxOutputMemory>
  <subsamplingEnabled>true</subsamplingEnabled>
</wcs>`;
}

function wmtsXml(id: string): string {
  return `<wmts>
  <id>${id}</id>
  <enabled>true</enabled>
  <name>WMTS</name>
  <title>Benchmark Tile Service</title>
  <maintainer>https://bench.example.org/contact</maintainer>
  <abstrct>Pre-rendered tiles (synthetic benchmark configuration).</abstrct>
  <accessConstraints>NONE</accessConstraints>
  <fees>NONE</fees>
${versions(['1.0.0'])}${keywordList(['TILESET', 'WMTS', 'GEOSERVER'])}  <citeCompliant>false</citeCompliant>
  <onlineResource>https://bench.example.org</onlineResource>
  <schemaBaseURL>http://schemas.opengis.net</schemaBaseURL>
  <verbose>false</verbose>
</wmts>`;
}

function wsSettingsXml(id: string, wsXmlBody: string, wsName: string): string {
  return `<settings>
  <id>${id}</id>
  <workspace>
${wsXmlBody}  </workspace>
  <contact>
    <id>contact</id>
    <contactOrganization>${wsName} team</contactOrganization>
  </contact>
  <charset>UTF-8</charset>
  <numDecimals>6</numDecimals>
  <verbose>false</verbose>
  <verboseExceptions>false</verboseExceptions>
  <localWorkspaceIncludesPrefix>false</localWorkspaceIncludesPrefix>
  <showCreatedTimeColumnsInAdminList>false</showCreatedTimeColumnsInAdminList>
  <showModifiedTimeColumnsInAdminList>false</showModifiedTimeColumnsInAdminList>
  <useHeadersProxyURL>false</useHeadersProxyURL>
</settings>`;
}

// ---------------------------------------------------------------------------------------------------
// main generator

const LAYER_ID = 'LayerInfoImpl';
const GROUP_ID = 'LayerGroupInfoImpl';

export async function generateDataDir(dir: string, opts: GenerateOptions): Promise<GeneratedCounts> {
  const N = Math.floor(opts.layers);
  if (!Number.isFinite(N) || N < 0) throw new Error(`invalid layer count: ${opts.layers}`);
  const seed = opts.seed ?? 1;
  const rnd = mulberry32(seed);
  const ri = (n: number): number => Math.floor(rnd() * n);
  const ids = new IdGen(seed);
  const out = new Writer();

  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  if (readdirSync(root).length > 0) throw new Error(`output directory is not empty: ${root}`);

  const counts: GeneratedCounts = {
    workspaces: 0, namespaces: 0, dataStores: 0, coverageStores: 0, wmsStores: 0, featureTypes: 0,
    coverages: 0, wmsLayers: 0, layers: 0, layerGroups: 0, styles: 0, files: 0, bytes: 0,
  };
  let clock = 0; // seconds after BASE_TIME, advances with every created object
  const tick = (): string => gsDate((clock += 1 + ri(90)));
  const color = (): string => '#' + (0x1000000 + ri(0xffffff)).toString(16).slice(1).toUpperCase();

  // --- global files
  out.write(join(root, 'global.xml'), globalXml(ids.id('SettingsInfoImpl'), Math.max(1, N)));
  out.write(join(root, 'logging.xml'), LOGGING_XML);
  out.write(join(root, 'wms.xml'), wmsXml('wms', null, 'Benchmark Web Map Service'));
  out.write(join(root, 'wfs.xml'), wfsXml());
  out.write(join(root, 'wcs.xml'), wcsXml());
  out.write(join(root, 'wmts.xml'), wmtsXml(ids.id('WMTSInfoImpl')));

  // --- global styles: 5 defaults + N/20
  const stylesDir = join(root, 'styles');
  mkdirSync(stylesDir);
  const defaultStyleIds: string[] = [];
  const defaults: Array<[string, number, string]> = [
    ['point', 0, '#FF0000'],
    ['line', 1, '#0000FF'],
    ['polygon', 2, '#AAAAAA'],
    ['raster', 3, '#808080'],
    ['generic', 4, ''],
  ];
  for (const [name, kind, col] of defaults) {
    const id = ids.id('StyleInfoImpl');
    defaultStyleIds.push(id);
    const file = `default_${name}.sld`;
    out.write(join(stylesDir, `${name}.xml`), styleXml(id, name, null, '1.0.0', file, null));
    out.write(
      join(stylesDir, file),
      kind === 4
        ? DEFAULT_GENERIC_SLD
        : sld10(`Default ${name}`, `Default ${name} style`, kind, col, kind === 3 ? 0 : 1),
    );
    counts.styles++;
  }
  const globalStylesByKind: string[][] = [[], [], [], []];
  const nGlobalStyles = Math.floor(N / 20);
  for (let j = 0; j < nGlobalStyles; j++) {
    const kind = j % 4;
    const id = ids.id('StyleInfoImpl');
    const name = `style_${pad(j, 6)}`;
    const se = kind !== 3 && j % 10 === 9;
    const width = 1 + ri(4);
    out.write(join(stylesDir, `${name}.xml`), styleXml(id, name, null, se ? '1.1.0' : '1.0.0', `${name}.sld`, tick()));
    out.write(
      join(stylesDir, `${name}.sld`),
      se ? sld11(name, kind, color(), width) : sld10(name, `Style ${j}`, kind, color(), width),
    );
    globalStylesByKind[kind].push(id);
    counts.styles++;
  }
  const allGlobalStyles: string[] = defaultStyleIds.concat(...globalStylesByKind);

  // --- workspaces and their contents
  const W = Math.max(1, Math.round(N / 2000));
  const wsDirRoot = join(root, 'workspaces');
  mkdirSync(wsDirRoot);
  const wsIds: string[] = [];
  const wsNames: string[] = [];
  const wsStart = new Int32Array(W + 1);
  const layerIdK = new Int32Array(N);
  const layerBBox = new Float64Array(N * 4);
  let layerIdx = 0;
  const WS_STYLES = 3;
  const wsStyles: string[][] = [];
  const base = Math.floor(N / W);
  const extra = N % W;
  let ftSeq = 0;
  let covSeq = 0;
  let wmsSeq = 0;

  const pickStyles = (
    candidates: string[],
    fallback: string,
    wsLocal: string[],
  ): { def: string; alts: string[] } => {
    const def = candidates.length > 0 && rnd() < 0.5 ? candidates[ri(candidates.length)] : fallback;
    const alts: string[] = [];
    const nAlt = ri(3);
    for (let a = 0; a < nAlt; a++) {
      const s = allGlobalStyles[ri(allGlobalStyles.length)];
      if (s !== def && !alts.includes(s)) alts.push(s);
    }
    if (wsLocal.length > 0 && rnd() < 0.3) alts.push(wsLocal[ri(wsLocal.length)]);
    return { def, alts };
  };

  const layerXml = (
    name: string,
    idK: number,
    type: string,
    resClass: string,
    resId: string,
    def: string,
    alts: string[],
  ): string =>
    `<layer>
  <name>${name}</name>
  <id>${ids.format(LAYER_ID, idK)}</id>
  <type>${type}</type>
${ref('defaultStyle', def)}${
      alts.length > 0
        ? `  <styles class="linked-hash-set">\n${alts.map((s) => ref('style', s, '    ')).join('')}  </styles>\n`
        : ''
    }${ref('resource', resId, '  ', ` class="${resClass}"`)}${ATTRIBUTION}  <dateCreated>${tick()}</dateCreated>
</layer>`;

  const randomBBox = (o: number, maxSize: number): void => {
    const w = round6(0.01 + rnd() * maxSize);
    const h = round6(0.01 + rnd() * maxSize * 0.7);
    const minx = round6(-179 + rnd() * (358 - w));
    const miny = round6(-85 + rnd() * (170 - h));
    layerBBox[o] = minx;
    layerBBox[o + 1] = miny;
    layerBBox[o + 2] = round6(minx + w);
    layerBBox[o + 3] = round6(miny + h);
  };

  for (let w = 0; w < W; w++) {
    const n = base + (w < extra ? 1 : 0);
    wsStart[w] = layerIdx;
    const wsName = `ws_${pad(w, 4)}`;
    const wsId = ids.id('WorkspaceInfoImpl');
    const nsId = ids.id('NamespaceInfoImpl');
    const nsUri = `http://bench.example.org/${wsName}`;
    wsIds.push(wsId);
    wsNames.push(wsName);
    const wsDir = join(wsDirRoot, wsName);
    mkdirSync(wsDir);
    const wsBody = `  <id>${wsId}</id>\n  <name>${wsName}</name>\n  <isolated>false</isolated>\n  <dateCreated>${tick()}</dateCreated>\n`;
    const wsXml = `<workspace>\n${wsBody}</workspace>`;
    out.write(join(wsDir, 'workspace.xml'), wsXml);
    if (w === 0) out.write(join(wsDirRoot, 'default.xml'), wsXml);
    out.write(
      join(wsDir, 'namespace.xml'),
      `<namespace>\n  <id>${nsId}</id>\n  <prefix>${wsName}</prefix>\n  <uri>${nsUri}</uri>\n  <isolated>false</isolated>\n</namespace>`,
    );
    counts.workspaces++;
    counts.namespaces++;
    if (w % 50 === 0) {
      out.write(
        join(wsDir, 'settings.xml'),
        wsSettingsXml(ids.id('SettingsInfoImpl'), wsBody.replace(/^ {2}/gm, '    '), wsName),
      );
      out.write(join(wsDir, 'wms.xml'), wmsXml(ids.id('WMSInfoImpl'), wsId, `${wsName} maps`));
    }

    // workspace styles
    const localStyles: string[] = [];
    const wsStyleDir = join(wsDir, 'styles');
    mkdirSync(wsStyleDir);
    for (let k = 0; k < WS_STYLES; k++) {
      const id = ids.id('StyleInfoImpl');
      const name = `${wsName}_style_${k}`;
      const kind = k % 3;
      out.write(join(wsStyleDir, `${name}.xml`), styleXml(id, name, wsId, '1.0.0', `${name}.sld`, tick()));
      out.write(join(wsStyleDir, `${name}.sld`), sld10(name, `${wsName} style ${k}`, kind, color(), 1 + ri(3)));
      localStyles.push(id);
      counts.styles++;
    }
    wsStyles.push(localStyles);

    const nCov = Math.round(n * 0.15);
    const nWms = Math.round(n * 0.05);
    const nFt = n - nCov - nWms;

    // data stores (PostGIS) + feature types
    const nDs = Math.min(10, nFt);
    const dsIds: string[] = [];
    const dsDirs: string[] = [];
    for (let d = 0; d < nDs; d++) {
      const id = ids.id('DataStoreInfoImpl');
      const name = `pg_${pad(d, 2)}`;
      const dsDir = join(wsDir, name);
      mkdirSync(dsDir);
      out.write(
        join(dsDir, 'datastore.xml'),
        `<dataStore>
  <id>${id}</id>
  <name>${name}</name>
  <description>PostGIS schema ${name} of ${wsName}</description>
  <type>PostGIS</type>
  <enabled>true</enabled>
${ref('workspace', wsId)}  <connectionParameters>
    <entry key="schema">${wsName}_${d}</entry>
    <entry key="Evictor run periodicity">300</entry>
    <entry key="Max open prepared statements">50</entry>
    <entry key="encode functions">true</entry>
    <entry key="Batch insert size">1</entry>
    <entry key="preparedStatements">false</entry>
    <entry key="database">gis_${w % 16}</entry>
    <entry key="host">pg-${d % 4}.bench.internal</entry>
    <entry key="Loose bbox">true</entry>
    <entry key="SSL mode">DISABLE</entry>
    <entry key="Estimated extends">true</entry>
    <entry key="fetch size">1000</entry>
    <entry key="Expose primary keys">false</entry>
    <entry key="validate connections">true</entry>
    <entry key="Support on the fly geometry simplification">true</entry>
    <entry key="Connection timeout">20</entry>
    <entry key="create database">false</entry>
    <entry key="Method used to simplify geometries">FAST</entry>
    <entry key="port">5432</entry>
    <entry key="passwd">bench-${pad(ri(100000), 5)}</entry>
    <entry key="min connections">1</entry>
    <entry key="dbtype">postgis</entry>
    <entry key="namespace">${nsUri}</entry>
    <entry key="max connections">10</entry>
    <entry key="Evictor tests per run">3</entry>
    <entry key="Test while idle">true</entry>
    <entry key="user">geoserver</entry>
    <entry key="Max connection idle time">300</entry>
  </connectionParameters>
  <__default>false</__default>
  <dateCreated>${tick()}</dateCreated>
  <disableOnConnFailure>false</disableOnConnFailure>
</dataStore>`,
      );
      dsIds.push(id);
      dsDirs.push(dsDir);
      counts.dataStores++;
    }

    for (let i = 0; i < nFt; i++) {
      const kind = FT_KINDS[ftSeq % FT_KINDS.length];
      const name = `${kind.prefix}_${pad(ftSeq, 7)}`;
      const d = i % nDs;
      const resDir = join(dsDirs[d], name);
      mkdirSync(resDir);
      const ftId = ids.id('FeatureTypeInfoImpl');
      const o = layerIdx * 4;
      randomBBox(o, kind.styleKind === 0 ? 20 : 8);
      const bb = bboxXml('nativeBoundingBox', layerBBox, o) + bboxXml('latLonBoundingBox', layerBBox, o);
      const withTime = ftSeq % 10 === 3;
      let attrs = attribute('the_geom', `org.locationtech.jts.geom.${kind.geom}`, 0);
      const nAttr = 2 + ri(6);
      const start = ri(ATTRS.length);
      for (let a = 0; a < nAttr; a++) {
        const [an, ab, al] = ATTRS[(start + a) % ATTRS.length];
        attrs += attribute(an, ab, al);
      }
      if (withTime) attrs += attribute('obs_time', 'java.sql.Timestamp', 0);
      const k1 = KEYWORDS[ri(KEYWORDS.length)];
      const k2 = KEYWORDS[ri(KEYWORDS.length)];
      out.write(
        join(resDir, 'featuretype.xml'),
        `<featureType>
  <id>${ftId}</id>
  <name>${name}</name>
  <nativeName>${name}</nativeName>
${ref('namespace', nsId)}  <title>${kind.title} ${ftSeq}</title>
  <abstract>${kind.title} layer number ${ftSeq} of workspace ${wsName}, synthetic benchmark data.</abstract>
${keywordList(k1 === k2 ? ['features', k1] : ['features', k1, k2])}  <nativeCRS>${WKT_4326}</nativeCRS>
  <srs>EPSG:4326</srs>
${bb}  <projectionPolicy>FORCE_DECLARED</projectionPolicy>
  <enabled>true</enabled>
  <metadata>
    <entry key="cachingEnabled">false</entry>
${withTime ? timeDimension('obs_time') : ''}  </metadata>
${ref('store', dsIds[d], '  ', ' class="dataStore"')}${FT_FLAGS}  <maxFeatures>0</maxFeatures>
  <numDecimals>0</numDecimals>
  <padWithZeros>false</padWithZeros>
  <forcedDecimal>false</forcedDecimal>
  <attributes>
${attrs}  </attributes>
${FT_TAIL}`,
      );
      const { def, alts } = pickStyles(
        globalStylesByKind[kind.styleKind],
        defaultStyleIds[kind.styleKind],
        localStyles,
      );
      const lk = ids.next();
      layerIdK[layerIdx] = lk;
      out.write(join(resDir, 'layer.xml'), layerXml(name, lk, 'VECTOR', 'featureType', ftId, def, alts));
      layerIdx++;
      ftSeq++;
      counts.featureTypes++;
      counts.layers++;
    }

    // coverages, one GeoTIFF coverage store each
    for (let i = 0; i < nCov; i++) {
      const ck = COV_KINDS[covSeq % COV_KINDS.length];
      const name = `${ck}_${pad(covSeq, 6)}`;
      const csId = ids.id('CoverageStoreInfoImpl');
      const csDir = join(wsDir, name);
      mkdirSync(csDir);
      out.write(
        join(csDir, 'coveragestore.xml'),
        `<coverageStore>
  <id>${csId}</id>
  <name>${name}</name>
  <type>GeoTIFF</type>
  <enabled>true</enabled>
${ref('workspace', wsId)}  <__default>false</__default>
  <dateCreated>${tick()}</dateCreated>
  <disableOnConnFailure>false</disableOnConnFailure>
  <url>file:data/${wsName}/${name}.tif</url>
</coverageStore>`,
      );
      counts.coverageStores++;
      const resDir = join(csDir, name);
      mkdirSync(resDir);
      const covId = ids.id('CoverageInfoImpl');
      const o = layerIdx * 4;
      randomBBox(o, 4);
      const width = 256 + ri(9744);
      const height = 256 + ri(9744);
      const sx = (layerBBox[o + 2] - layerBBox[o]) / width;
      const sy = (layerBBox[o + 3] - layerBBox[o + 1]) / height;
      const rgb = ck === 'ortho';
      const withTime = covSeq % 5 === 1;
      const band = (bn: string, min: string, max: string): string => `    <coverageDimension>
      <name>${bn}</name>
      <description>GridSampleDimension[${min},${max}]</description>
      <range>
        <min>${min}</min>
        <max>${max}</max>
      </range>
      <dimensionType>
        <name>${rgb ? 'UNSIGNED_8BITS' : 'REAL_32BITS'}</name>
      </dimensionType>
    </coverageDimension>
`;
      const dims = rgb
        ? band('RED_BAND', '0.0', '255.0') + band('GREEN_BAND', '0.0', '255.0') + band('BLUE_BAND', '0.0', '255.0')
        : band('GRAY_INDEX', '-Infinity', 'Infinity');
      out.write(
        join(resDir, 'coverage.xml'),
        `<coverage>
  <id>${covId}</id>
  <name>${name}</name>
  <nativeName>${name}</nativeName>
${ref('namespace', nsId)}  <title>${ck} ${covSeq}</title>
  <description>Generated from GeoTIFF</description>
${keywordList(['WCS', 'GeoTIFF', ck])}  <nativeCRS>${WKT_4326}</nativeCRS>
  <srs>EPSG:4326</srs>
${bboxXml('nativeBoundingBox', layerBBox, o)}${bboxXml('latLonBoundingBox', layerBBox, o)}  <projectionPolicy>REPROJECT_TO_DECLARED</projectionPolicy>
  <enabled>true</enabled>
  <metadata>
    <entry key="dirName">${name}_${name}</entry>
${withTime ? timeDimension(null) : ''}  </metadata>
${ref('store', csId, '  ', ' class="coverageStore"')}${FT_FLAGS}${COV_FORMATS}  <grid dimension="2">
    <range>
      <low>0 0</low>
      <high>${width} ${height}</high>
    </range>
    <transform>
      <scaleX>${fmt(sx)}</scaleX>
      <scaleY>${fmt(-sy)}</scaleY>
      <shearX>0.0</shearX>
      <shearY>0.0</shearY>
      <translateX>${fmt(layerBBox[o])}</translateX>
      <translateY>${fmt(layerBBox[o + 3])}</translateY>
    </transform>
    <crs>EPSG:4326</crs>
  </grid>
${COV_LISTS}  <dimensions>
${dims}  </dimensions>
${COV_TAIL}  <nativeCoverageName>${name}</nativeCoverageName>
</coverage>`,
      );
      const { def, alts } = pickStyles(globalStylesByKind[3], defaultStyleIds[3], []);
      const lk = ids.next();
      layerIdK[layerIdx] = lk;
      out.write(join(resDir, 'layer.xml'), layerXml(name, lk, 'RASTER', 'coverage', covId, def, alts));
      layerIdx++;
      covSeq++;
      counts.coverages++;
      counts.layers++;
    }

    // cascaded WMS layers in a few WMS stores
    const nWmsStores = nWms > 0 ? Math.min(3, Math.ceil(nWms / 20)) : 0;
    const wmsStoreIds: string[] = [];
    const wmsStoreDirs: string[] = [];
    for (let s = 0; s < nWmsStores; s++) {
      const id = ids.id('WMSStoreInfoImpl');
      const name = `remote_wms_${s}`;
      const sDir = join(wsDir, name);
      mkdirSync(sDir);
      out.write(
        join(sDir, 'wmsstore.xml'),
        `<wmsStore>
  <id>${id}</id>
  <name>${name}</name>
  <type>WMS</type>
  <enabled>true</enabled>
${ref('workspace', wsId)}  <metadata>
    <entry key="useConnectionPooling">true</entry>
  </metadata>
  <__default>false</__default>
  <dateCreated>${tick()}</dateCreated>
  <disableOnConnFailure>false</disableOnConnFailure>
  <capabilitiesURL>https://wms${s}.remote.example.net/geoserver/ows?service=WMS&amp;version=1.3.0&amp;request=GetCapabilities</capabilitiesURL>
  <maxConnections>6</maxConnections>
  <readTimeout>60</readTimeout>
  <connectTimeout>30</connectTimeout>
</wmsStore>`,
      );
      wmsStoreIds.push(id);
      wmsStoreDirs.push(sDir);
      counts.wmsStores++;
    }
    for (let i = 0; i < nWms; i++) {
      const name = `cascaded_${pad(wmsSeq, 6)}`;
      const s = i % nWmsStores;
      const resDir = join(wmsStoreDirs[s], name);
      mkdirSync(resDir);
      const resId = ids.id('WMSLayerInfoImpl');
      const o = layerIdx * 4;
      randomBBox(o, 30);
      out.write(
        join(resDir, 'wmslayer.xml'),
        `<wmsLayer>
  <id>${resId}</id>
  <name>${name}</name>
  <nativeName>remote:layer_${wmsSeq}</nativeName>
${ref('namespace', nsId)}  <title>Cascaded layer ${wmsSeq}</title>
${keywordList(['cascaded', 'WMS'])}  <nativeCRS>${WKT_4326}</nativeCRS>
  <srs>EPSG:4326</srs>
${bboxXml('nativeBoundingBox', layerBBox, o)}${bboxXml('latLonBoundingBox', layerBBox, o)}  <projectionPolicy>FORCE_DECLARED</projectionPolicy>
  <enabled>true</enabled>
${ref('store', wmsStoreIds[s], '  ', ' class="wmsStore"')}${FT_FLAGS}  <forcedRemoteStyle></forcedRemoteStyle>
  <preferredFormat>image/png</preferredFormat>
  <selectedRemoteFormats>
    <string>image/png</string>
    <string>image/jpeg</string>
  </selectedRemoteFormats>
  <metadataBBoxRespected>false</metadataBBoxRespected>
</wmsLayer>`,
      );
      const lk = ids.next();
      layerIdK[layerIdx] = lk;
      out.write(join(resDir, 'layer.xml'), layerXml(name, lk, 'WMS', 'wmsLayer', resId, defaultStyleIds[3], []));
      layerIdx++;
      wmsSeq++;
      counts.wmsLayers++;
      counts.layers++;
    }
  }
  wsStart[W] = layerIdx;

  // --- layer groups: N/50, every 5th one in a workspace, some nested (only earlier groups -> no cycles)
  const G = Math.floor(N / 50);
  const groupIdK = new Int32Array(G);
  const groupBBox = new Float64Array(G * 4);
  const globalGroups: number[] = [];
  const lastWsGroup = new Int32Array(W).fill(-1);
  const wsGroupDirMade = new Uint8Array(W);
  const globalGroupDir = join(root, 'layergroups');
  if (G > 0) mkdirSync(globalGroupDir);
  for (let g = 0; g < G; g++) {
    const inWs = g % 5 === 4;
    const w = inWs ? Math.floor(g / 5) % W : -1;
    const lo = inWs ? wsStart[w] : 0;
    const hi = inWs ? wsStart[w + 1] : N;
    const name = inWs ? `wsgroup_${pad(g, 6)}` : `group_${pad(g, 6)}`;
    const gk = ids.next();
    groupIdK[g] = gk;
    const members: string[] = [];
    const styles: string[] = [];
    let minx = Infinity;
    let miny = Infinity;
    let maxx = -Infinity;
    let maxy = -Infinity;
    const grow = (b: Float64Array, o: number): void => {
      minx = Math.min(minx, b[o]);
      miny = Math.min(miny, b[o + 1]);
      maxx = Math.max(maxx, b[o + 2]);
      maxy = Math.max(maxy, b[o + 3]);
    };
    const nMembers = Math.min(hi - lo, 2 + ri(7));
    const used = new Set<number>();
    for (let m = 0; m < nMembers; m++) {
      const li = lo + ri(hi - lo);
      if (used.has(li)) continue;
      used.add(li);
      members.push(ref('published', ids.format(LAYER_ID, layerIdK[li]), '    ', ' type="layer"'));
      styles.push(
        rnd() < 0.6 ? '    <style/>\n' : ref('style', allGlobalStyles[ri(allGlobalStyles.length)], '    '),
      );
      grow(layerBBox, li * 4);
    }
    let nested = -1;
    if (inWs) {
      if (lastWsGroup[w] >= 0 && rnd() < 0.5) nested = lastWsGroup[w];
    } else if (globalGroups.length > 0 && (g === 1 || rnd() < 0.3)) {
      // group 1 always nests group 0, so every directory with >= 2 groups has a nested group
      nested = g === 1 ? 0 : globalGroups[ri(globalGroups.length)];
    }
    if (nested >= 0) {
      members.push(ref('published', ids.format(GROUP_ID, groupIdK[nested]), '    ', ' type="layerGroup"'));
      styles.push('    <style/>\n');
      grow(groupBBox, nested * 4);
    }
    const o = g * 4;
    groupBBox[o] = minx;
    groupBBox[o + 1] = miny;
    groupBBox[o + 2] = maxx;
    groupBBox[o + 3] = maxy;
    let gDir = globalGroupDir;
    if (inWs) {
      gDir = join(wsDirRoot, wsNames[w], 'layergroups');
      if (!wsGroupDirMade[w]) {
        mkdirSync(gDir);
        wsGroupDirMade[w] = 1;
      }
      lastWsGroup[w] = g;
    } else {
      globalGroups.push(g);
    }
    out.write(
      join(gDir, `${name}.xml`),
      `<layerGroup>
  <id>${ids.format(GROUP_ID, gk)}</id>
  <name>${name}</name>
  <mode>${nested >= 0 ? 'NAMED' : 'SINGLE'}</mode>
  <title>Group ${g}</title>
  <abstractTxt>Synthetic layer group ${g} with ${members.length} members.</abstractTxt>
${inWs ? ref('workspace', wsIds[w]) : ''}  <internationalTitle/>
  <internationalAbstract/>
  <publishables>
${members.join('')}  </publishables>
  <styles>
${styles.join('')}  </styles>
  <bounds>
    <minx>${fmt(minx)}</minx>
    <maxx>${fmt(maxx)}</maxx>
    <miny>${fmt(miny)}</miny>
    <maxy>${fmt(maxy)}</maxy>
    <crs>EPSG:4326</crs>
  </bounds>
  <dateCreated>${tick()}</dateCreated>
</layerGroup>`,
    );
    counts.layerGroups++;
  }

  counts.files = out.files;
  counts.bytes = out.bytes;
  return counts;
}

// ---------------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): { layers: number; out: string; seed: number } {
  let layers = NaN;
  let outDir = '';
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a === '--layers') layers = Number(next());
    else if (a === '--out') outDir = next();
    else if (a === '--seed') seed = Number(next());
    else if (a.startsWith('--layers=')) layers = Number(a.slice(9));
    else if (a.startsWith('--out=')) outDir = a.slice(6);
    else if (a.startsWith('--seed=')) seed = Number(a.slice(7));
    else throw new Error(`unknown argument: ${a}`);
  }
  if (!Number.isInteger(layers) || layers < 0 || !outDir || !Number.isInteger(seed)) {
    throw new Error('usage: generate-datadir --layers <n> --out <dir> [--seed <int>]');
  }
  return { layers, out: outDir, seed };
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const t0 = process.hrtime.bigint();
    const counts = await generateDataDir(args.out, { layers: args.layers, seed: args.seed });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(JSON.stringify(counts) + '\n');
    process.stderr.write(`generated ${counts.layers} layers, ${counts.files} files, ${counts.bytes} bytes in ${(ms / 1000).toFixed(1)} s\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
