import { deepClone } from '../xml/tree.js';
import { gridSetInfo, scaleDenominatorsOf, type GridSetDefinition } from './grid-sets.js';
import type { GridSetInfo } from './model.js';

/**
 * The grid sets GeoWebCache always has, whatever geowebcache.xml says: GWC's DefaultGridsets as
 * GeoServer configures it (`useEPSG900913` and `useGWC11xNames` true, hence `EPSG:4326` and
 * `EPSG:900913`), in GWC's order. They are data: listed by GET /gwc/rest/gridsets beside the
 * configured ones, never stored, never changed. The scale sets are the OGC TMS well-known ones.
 */

const WORLD4326 = [-180.0, -90.0, 180.0, 90.0] as const;
const WORLD3857 = [-20037508.34, -20037508.34, 20037508.34, 20037508.34] as const;
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i));
const halve = (values: readonly number[]): number[] => values.map((v) => v / 2);

/** GWC's "common practice" Google/OSM resolutions for EPSG:900913, level 0 to 30. */
const WEB_MERCATOR_RESOLUTIONS = Array.from({ length: 31 }, (_, i) => 156543.03390625 / 2 ** i);

const CRS84_PIXEL_RESOLUTIONS = ((): number[] => {
  const s = [2, 1, 0.5];
  s[3] = s[2] * (2.0 / 3.0);
  s[4] = s[2] / 3.0;
  s[5] = s[4] / 2.0;
  s[6] = s[4] / 5.0;
  s[7] = s[4] / 10.0;
  s[8] = (5.0 / 6.0) * 1e-2;
  s[9] = s[8] / 2.0;
  s[10] = s[9] / 3.0;
  s[11] = s[9] / 5.0;
  s[12] = s[11] / 3.0;
  s[13] = s[12] / 2.0;
  s[14] = s[13] * (3.0 / 5.0);
  s[15] = s[14] / 3.0;
  s[16] = s[15] * (3.0 / 10.0);
  s[17] = s[16] / 3.0;
  return s;
})();

const CRS84_SCALE = [500e6, 250e6, 100e6, 50e6, 25e6, 10e6, 5e6, 2.5e6, 1e6, 500e3, 250e3, 100e3, 50e3, 25e3, 10e3, 5e3, 2.5e3, 1000, 500, 250, 100];

const CRS84_QUAD = [559082264.0287178, 279541132.0143589, 139770566.0071794, 69885283.00358972, 34942641.50179486, 17471320.75089743,
  8735660.375448715, 4367830.187724357, 2183915.093862179, 1091957.546931089, 545978.7734655447, 272989.3867327723, 136494.6933663862,
  68247.34668319309, 34123.67334159654, 17061.83667079827, 8530.918335399136, 4265.459167699568, 2132.729583849784];

const MERCATOR_QUAD = [559082264.028717, 279541132.014358, 139770566.007179, 69885283.0035897, 34942641.5017948, 17471320.7508974,
  8735660.37544871, 4367830.18772435, 2183915.09386217, 1091957.54693108, 545978.773465544, 272989.386732772, 136494.693366386,
  68247.346683193, 34123.6733415964, 17061.8366707982, 8530.91833539913, 4265.45916769956, 2132.72958384978, 1066.36479192489,
  533.182395962445, 266.591197981222, 133.295598990611, 66.6477994953056, 33.3238997476528];

const UTM_SCALES = [279072704.500914, 139536352.250457, 69768176.1252285, 34884088.0626143, 17442044.0313071, 8721022.01565356,
  4360511.00782678, 2180255.50391339, 1090127.7519567, 545063.875978348, 272531.937989174, 136265.968994587, 68132.9844972935,
  34066.4922486467, 17033.2461243234, 8516.62306216168, 4258.31153108084, 2129.15576554042, 1064.57788277021, 532.288941385105,
  266.144470692553, 133.072235346276, 66.5361176731382, 33.2680588365691];

const UPS_SCALES = [458726544.4, 229363272.2, 114681636.1, 57340818.05, 28670409.02, 14335204.51, 7167602.256, 3583801.128,
  1791900.564, 895950.282, 447975.141, 223987.5705, 111993.7852, 55996.89262, 27998.44631, 13999.22316, 6999.611578, 3499.805789,
  1749.902894, 874.9514472, 437.4757236, 218.7378618, 109.3689309, 54.68446545, 27.34223273];
const UPS_BOUNDS = [-14440759.350252, -14440759.350252, 18440759.350252, 18440759.350252] as const;

const LAEA_EUROPE = [62779017.857142866, 31389508.928571433, 15694754.464285716, 7847377.232142858, 3923688.616071429,
  1961844.3080357146, 980922.1540178573, 490461.07700892864, 245230.53850446432, 122615.26925223216, 61307.63462611608,
  30653.81731305804, 15326.90865652902, 7663.45432826451, 3831.727164132255, 1915.8635820661275];

const LCC_CANADA = [137016643.080905, 80320101.1163925, 47247118.3037603, 28348270.9822562, 16536491.4063161, 9449423.66075207,
  5669654.19645125, 3307298.28126323, 1889884.73215041, 1133930.83929025, 661459.656252643, 396875.793751586, 236235.591518802,
  137016.643080905, 80320.1011163925, 47247.1183037603, 28348.2709822562, 16536.4914063161, 9449.42366075207, 5669.65419645125,
  3307.29828126323, 1889.88473215041, 1133.93083929025, 661.459656252643, 396.875793751586, 236.235591518802];

const D4326 = 'A default WGS84 tile matrix set where the first zoom level covers the world with two tiles on the horizontal axis and one tile over the vertical axis and each subsequent zoom level is calculated by half the resolution of its previous one. Tiles are ';
const D900913 = 'This well-known scale set has been defined to be compatible with Google Maps and Microsoft Live Map projections and zoom levels. Level 0 allows representing the whole world in a single ';
const D900913_END = ' pixels. The next level represents the whole world in 2x2 tiles of ';
const D900913_TAIL = ' pixels and so on in powers of 2. Scale denominator is only accurate near the equator.';

/** The 256 pixel scale-set grid sets GWC also offers at 512 pixels, half the scale ("x2"). */
function withX2(def: GridSetDefinition): GridSetDefinition[] {
  const x2: GridSetDefinition = {
    name: `${def.name}x2`, srs: def.srs, extent: def.extent, alignTopLeft: def.alignTopLeft,
    scaleDenominators: halve(scaleDenominatorsOf(def)), metersPerUnit: def.metersPerUnit ?? (def.srs === 4326 ? undefined : 1),
    scaleNames: def.scaleNames, tileWidth: 512, tileHeight: 512, yCoordinateFirst: def.yCoordinateFirst,
  };
  return [def, x2];
}

/** An OGC TMS quad: top-left aligned, y first; `mpu` null lets the SRS decide (degrees for 4326). */
function quad(name: string, srs: number, extent: GridSetDefinition['extent'], scales: number[], description: string, mpu: number | null = 1): GridSetDefinition[] {
  return withX2({ name, description, srs, extent, alignTopLeft: true, scaleDenominators: scales, metersPerUnit: mpu ?? undefined, scaleNames: names(scales.length), yCoordinateFirst: true });
}

function definitions(): GridSetDefinition[] {
  const utm = Array.from({ length: 60 }, (_, k) => k + 1).flatMap((i) =>
    quad(`UTM${String(i).padStart(2, '0')}WGS84Quad`, 32600 + i, [-9501965.72931276, -20003931.4586255, 10501965.7293128, 20003931.4586255], UTM_SCALES,
      `This Tile Matrix Set defines tiles in the Universal Transverse Mercator, zone ${i}`));
  return [
    { name: 'EPSG:4326', description: `${D4326}256px wide.`, srs: 4326, extent: WORLD4326, levels: 22, yCoordinateFirst: true },
    { name: 'EPSG:4326x2', description: `${D4326}512px wide.`, srs: 4326, extent: WORLD4326, levels: 22, tileWidth: 512, tileHeight: 512, yCoordinateFirst: true },
    { name: 'EPSG:900913', description: `${D900913}256x256${D900913_END}256x256${D900913_TAIL}`, srs: 900913, extent: WORLD3857, resolutions: WEB_MERCATOR_RESOLUTIONS, metersPerUnit: 1 },
    { name: 'EPSG:900913x2', description: `${D900913}512x512${D900913_END}512x512${D900913_TAIL}`, srs: 900913, extent: WORLD3857, resolutions: halve(WEB_MERCATOR_RESOLUTIONS), metersPerUnit: 1, tileWidth: 512, tileHeight: 512 },
    { name: 'GlobalCRS84Pixel', description: 'This well-known scale set has been defined for global cartographic products. Rounded pixel sizes have been chosen for intuitive cartographic representation of raster data. Some values have been chosen to coincide with original pixel size of commonly used globalproducts like STRM (1" and 3"), GTOPO (30") or ETOPO (2\' and 5\'). Scale denominatorand approximated pixel size in meters are only accurate near the equator.', srs: 4326, extent: WORLD4326, alignTopLeft: true, resolutions: CRS84_PIXEL_RESOLUTIONS, yCoordinateFirst: true },
    { name: 'GlobalCRS84Scale', description: 'This well-known scale set has been defined for global cartographic products. Rounded scales have been chosen for intuitive cartographic representation of vector data. Scale denominator is only accurate near the equator.', srs: 4326, extent: WORLD4326, alignTopLeft: true, scaleDenominators: CRS84_SCALE, yCoordinateFirst: true },
    { name: 'GoogleCRS84Quad', description: 'This well-known scale set has been defined to allow quadtree pyramids in CRS84. Level 0 allows representing the whole world in a single 256x256 pixels (where the first 64 and last 64 lines of the tile are left blank). The next level represents the whole world in 2x2 tiles of 256x256 pixels and so on in powers of 2. Scale denominator is only accurate near the equator.', srs: 4326, extent: WORLD4326, alignTopLeft: true, scaleDenominators: CRS84_QUAD, yCoordinateFirst: true },
    ...quad('WebMercatorQuad', 3857, WORLD3857, MERCATOR_QUAD, 'This tile matrix set is the most used tile matrix set in the mass market: for example, by Google Maps, Microsoft Bing Maps and Open Street Map tiles. Nevertheless, it has been long criticized because it is a based on a spherical Mercator instead of an ellipsoid. The use of WebMercatorQuad should be limited to visualization. Any additional use (including distance measurements, routing etc.) needs to use the Mercator spherical expressions to transform the coordinate to an appropriate CRS first. The risks caused by imprecision in the use of Web Mercator is also emphasized by the US National Geospatial Agency (NGA). NGA has issued an Advisory Notice on web Mercator (http://earth-info.nga.mil/GandG/wgs84/web_mercator/index.html) that says that “it may cause geo-location / geo-coordinate errors up to 40,000 meters. This erroneous geospatial positioning information poses an unacceptable risk to global safety of navigation activities, and department of defense, intelligence community, and allied partner systems, missions, and operations that require accurate and precise positioning and navigation information.” The use of WorldMercatorWGS84Quad is recommended.'),
    ...quad('WorldCRS84Quad', 4326, WORLD4326, CRS84_QUAD.slice(1), 'This Tile Matrix Set defines tiles in the Equirectangular Plate Carrée projection in the CRS84 CRS for the whole world.', null),
    ...quad('WorldMercatorWGS84Quad', 3395, [-20037508.3427892, -20037508.3427892, 20037508.3427892, 20037508.3427892], MERCATOR_QUAD, 'This Tile Matrix Set defines tiles in the Mercator projection in the WGS84 CRS for the whole world.'),
    ...utm,
    ...quad('UPSArcticWGS84Quad', 5041, UPS_BOUNDS, UPS_SCALES, 'This Tile Matrix Set defines tiles in the Universal Polar Stereographics for the arctic'),
    ...quad('UPSAntarcticWGS84Quad', 5042, UPS_BOUNDS, UPS_SCALES, 'This Tile Matrix Set defines tiles in the Universal Polar Stereographics for the Antarctic'),
    ...quad('EuropeanETRS89_LAEAQuad', 3035, [2000000.0, 1000000.0, 6500000, 5500000.0], LAEA_EUROPE, 'Lambert Azimuthal Equal Area ETRS89 for Europe'),
    ...quad('CanadianNAD83_LCC', 3978, [-7786476.885838887, -5153821.09213678, 7148753.233541353, 7928343.534071138], LCC_CANADA, 'Lambert Conformal Conic for Canada'),
  ];
}

const BUILT_IN: ReadonlyMap<string, GridSetInfo> = new Map(definitions().map((d) => [d.name, Object.freeze(gridSetInfo(d))]));

/** The names of GWC's built-in grid sets, in GWC's order. */
export function builtInGridSetNames(): string[] {
  return [...BUILT_IN.keys()];
}

export function isBuiltInGridSet(name: string): boolean {
  return BUILT_IN.has(name);
}

/** A built-in grid set as GET /gwc/rest/gridsets/{name} answers it (a copy the caller may change). */
export function builtInGridSet(name: string): GridSetInfo | undefined {
  const found = BUILT_IN.get(name);
  return found ? deepClone(found) : undefined;
}
