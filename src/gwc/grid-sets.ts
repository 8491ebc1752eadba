import { CatalogError } from '../catalog/errors.js';
import { asList, isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { javaDouble, parseJavaBoolean, parseJavaDouble, parseJavaInt } from './java-number.js';
import type { GridSetInfo } from './model.js';

/**
 * A grid set as GWC stores and returns it. GWC turns every grid set it is given into a GridSet
 * (XMLGridSet.makeGridSet, GridSetFactory.createGridSet) and writes that back (new
 * XMLGridSet(gridSet)): defaults filled in, resolutions computed from a number of levels, scale
 * names generated, numbers spelled by Java. The same happens here, so a PUT answers with, and
 * geowebcache.xml holds, exactly what GWC would.
 */
export interface GridSetDefinition {
  name: string;
  description?: string;
  srs: number;
  extent: readonly [number, number, number, number];
  alignTopLeft?: boolean;
  resolutions?: readonly number[];
  scaleDenominators?: readonly number[];
  levels?: number;
  metersPerUnit?: number;
  pixelSize?: number;
  scaleNames?: readonly string[];
  tileWidth?: number;
  tileHeight?: number;
  yCoordinateFirst?: boolean;
}

export const DEFAULT_PIXEL_SIZE = 0.00028;
/** GridSetFactory.EPSG4326_TO_METERS: one degree at the equator of the WGS84 sphere. */
export const EPSG4326_TO_METERS = (6378137.0 * 2.0 * Math.PI) / 360.0;

/** XMLGridSet.makeGridSet followed by new XMLGridSet(gridSet). */
export function gridSetInfo(def: GridSetDefinition): GridSetInfo {
  const tileWidth = def.tileWidth ?? 256;
  const tileHeight = def.tileHeight ?? 256;
  const alignTopLeft = def.alignTopLeft ?? false;
  let extent = def.extent;
  let resolutions = def.resolutions;
  // a grid set given by its number of levels gets generated scale names (the levels overload of createGridSet)
  let names = def.scaleNames;
  if (!resolutions && !def.scaleDenominators) {
    [extent, resolutions] = levelResolutions(def, tileWidth, tileHeight, alignTopLeft);
    names = undefined;
  }
  checkDefinition(def, extent, resolutions, names);
  // GridSetFactory: degrees for EPSG:4326; one metre per unit for web mercator and, by assumption, any other SRS
  const mpu = def.metersPerUnit ?? (def.srs === 4326 ? EPSG4326_TO_METERS : 1.0);
  const levels = (resolutions ?? def.scaleDenominators)!.length;
  const out: XObject = { name: def.name };
  if (def.description !== undefined) out.description = def.description;
  out.srs = { number: String(def.srs) };
  out.extent = { coords: { double: extent.map(javaDouble) } };
  out.alignTopLeft = String(alignTopLeft);
  if (resolutions) out.resolutions = { double: resolutions.map(javaDouble) };
  else out.scaleDenominators = { double: def.scaleDenominators!.map(javaDouble) };
  out.metersPerUnit = javaDouble(mpu);
  out.pixelSize = javaDouble(def.pixelSize ?? DEFAULT_PIXEL_SIZE);
  out.scaleNames = { string: Array.from({ length: levels }, (_, i) => names?.[i] ?? `${def.name}:${i}`) };
  out.tileHeight = String(tileHeight);
  out.tileWidth = String(tileWidth);
  out.yCoordinateFirst = String(def.yCoordinateFirst ?? false);
  return out;
}

/** The scale denominators of a grid set's levels, as GWC's GridSetFactory computes them. */
export function scaleDenominatorsOf(def: GridSetDefinition): number[] {
  if (def.scaleDenominators) return [...def.scaleDenominators];
  const info = gridSetInfo(def);
  const mpu = parseJavaDouble(textOf(info.metersPerUnit) ?? '') ?? 1;
  return numbers(info.resolutions).map((r) => (r * mpu) / DEFAULT_PIXEL_SIZE);
}

/** GridSetFactory.createGridSet(…, levels, …): one or two tiles at level 0, then halving. */
function levelResolutions(def: GridSetDefinition, tileWidth: number, tileHeight: number, alignTopLeft: boolean): [GridSetDefinition['extent'], number[]] {
  const [minX, minY, maxX, maxY] = def.extent;
  let resX = (maxX - minX) / tileWidth;
  let resY = (maxY - minY) / tileHeight;
  let tilesWide = 1;
  let tilesHigh = 1;
  if (resX <= resY) {
    tilesHigh = Math.round(resY / resX);
    resY = resY / tilesHigh;
  } else {
    tilesWide = Math.round(resX / resY);
    resX = resX / tilesWide;
  }
  const res = Math.max(resX, resY);
  const width = tilesWide * tileWidth * res;
  const height = tilesHigh * tileHeight * res;
  const extent: GridSetDefinition['extent'] = alignTopLeft ? [minX, maxY - height, minX + width, maxY] : [minX, minY, minX + width, minY + height];
  const levels = def.levels ?? 18;
  const resolutions = [res];
  for (let i = 1; i < levels; i++) resolutions.push(resolutions[i - 1] / 2);
  return [extent, resolutions];
}

/** GridSetFactory's and XMLConfiguration.validateGridSet's refusals. */
function checkDefinition(def: GridSetDefinition, extent: GridSetDefinition['extent'], resolutions: readonly number[] | undefined, names: readonly string[] | undefined): void {
  const fail = (why: string): never => {
    throw new CatalogError('invalid', `Grid set ${def.name}: ${why}`);
  };
  if (!(extent[0] < extent[2] && extent[1] < extent[3])) fail(`the extent ${extent.join(',')} is invalid: expected minx < maxx and miny < maxy`);
  if (resolutions && def.scaleDenominators) fail('give either resolutions or scaleDenominators, not both');
  const values = resolutions ?? def.scaleDenominators ?? [];
  if (values.length === 0) fail('it has no levels');
  const what = resolutions ? 'resolution' : 'scale denominator';
  for (let i = 1; i < values.length; i++) {
    if (values[i] >= values[i - 1]) fail(`each ${what} must be lower than the one before: [${i}] is ${values[i]}, [${i - 1}] is ${values[i - 1]}`);
  }
  if (names && names.length < values.length) fail(`${values.length} levels but only ${names.length} scaleNames`);
}

/** The definition a `<gridSet>` element (already checked field by field) describes. */
export function gridSetDefinition(value: XObject): GridSetDefinition {
  const srs = isXObject(value.srs) ? value.srs.number : undefined;
  const coords = numbers(isXObject(value.extent) ? value.extent.coords : undefined);
  if (coords.length !== 4) throw new CatalogError('invalid', `gridSet.extent.coords: expected four numbers: minx, miny, maxx, maxy, got ${coords.length}`);
  const listed = (v: XValue | undefined): number[] | undefined => (v === undefined ? undefined : numbers(v));
  const scaleNames = value.scaleNames === undefined ? undefined : asList(isXObject(value.scaleNames) ? value.scaleNames.string : []).map((s) => textOf(s) ?? '');
  return {
    name: textOf(value.name) ?? '',
    description: textOf(value.description),
    srs: parseJavaInt(textOf(srs) ?? '') ?? 0,
    extent: [coords[0], coords[1], coords[2], coords[3]],
    alignTopLeft: flagOf(value.alignTopLeft),
    resolutions: listed(value.resolutions),
    scaleDenominators: listed(value.scaleDenominators),
    levels: intOf(value.levels),
    metersPerUnit: numberOf(value.metersPerUnit),
    pixelSize: numberOf(value.pixelSize),
    scaleNames,
    tileWidth: intOf(value.tileWidth),
    tileHeight: intOf(value.tileHeight),
    yCoordinateFirst: flagOf(value.yCoordinateFirst),
  };
}

function numbers(value: XValue | undefined): number[] {
  if (!isXObject(value)) return [];
  return asList(value.double).map((d) => parseJavaDouble(textOf(d) ?? '') ?? Number.NaN);
}

function numberOf(value: XValue | undefined): number | undefined {
  const t = textOf(value);
  return t === undefined ? undefined : parseJavaDouble(t);
}

function intOf(value: XValue | undefined): number | undefined {
  const t = textOf(value);
  return t === undefined ? undefined : parseJavaInt(t);
}

function flagOf(value: XValue | undefined): boolean | undefined {
  const t = textOf(value);
  return t === undefined ? undefined : parseJavaBoolean(t);
}
