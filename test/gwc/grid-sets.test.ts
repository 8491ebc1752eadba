import { describe, expect, it } from 'vitest';
import { builtInGridSet, builtInGridSetNames, isBuiltInGridSet } from '../../src/gwc/default-grid-sets.js';
import { gridSetDefinition, gridSetInfo } from '../../src/gwc/grid-sets.js';
import { decodeGridSetBody } from '../../src/gwc/rest-grid-set-body.js';
import { parseXml } from '../../src/xml/parse.js';
import { asList, type XObject } from '../../src/xml/tree.js';
import { jsonBody as jsonDoc, refusal, xmlBody as xmlDoc } from '../helpers/gwc-bodies.js';

const doubles = (v: unknown): string[] => asList((v as XObject).double) as string[];


describe("GWC's built-in grid sets (DefaultGridsets as GeoServer configures it)", () => {
  it('lists all 141 in GWC order, EPSG:4326 and EPSG:900913 first', () => {
    const names = builtInGridSetNames();
    expect(names).toHaveLength(141); // GWC's RestIntegrationTest lists 143 with its two configured ones
    expect(names.slice(0, 7)).toEqual(['EPSG:4326', 'EPSG:4326x2', 'EPSG:900913', 'EPSG:900913x2', 'GlobalCRS84Pixel', 'GlobalCRS84Scale', 'GoogleCRS84Quad']);
    for (const n of ['WebMercatorQuad', 'WebMercatorQuadx2', 'UTM01WGS84Quad', 'UTM60WGS84Quadx2', 'CanadianNAD83_LCCx2']) expect(isBuiltInGridSet(n)).toBe(true);
  });

  it('answers EPSG:4326 with the values GeoServer documents (gwcgridsets.yaml example)', () => {
    const g = builtInGridSet('EPSG:4326')!;
    expect(g.srs).toEqual({ number: '4326' });
    expect(g.extent).toEqual({ coords: { double: ['-180.0', '-90.0', '180.0', '90.0'] } });
    expect(g.alignTopLeft).toBe('false');
    const res = doubles(g.resolutions);
    expect(res).toHaveLength(22);
    expect([res[0], res[10], res[16], res[21]]).toEqual(['0.703125', '6.866455078125E-4', '1.0728836059570312E-5', '3.3527612686157227E-7']);
    expect(g.metersPerUnit).toBe('111319.49079327358');
    expect(g.pixelSize).toBe('2.8E-4');
    expect(asList((g.scaleNames as XObject).string).at(-1)).toBe('EPSG:4326:21');
    expect([g.tileHeight, g.tileWidth, g.yCoordinateFirst]).toEqual(['256', '256', 'true']);
  });

  it('keeps GWC\'s scale sets as scale denominators and its resolution sets as resolutions', () => {
    expect(doubles(builtInGridSet('GlobalCRS84Scale')!.scaleDenominators).slice(0, 3)).toEqual(['5.0E8', '2.5E8', '1.0E8']);
    expect(doubles(builtInGridSet('EPSG:900913')!.resolutions)[28]).toBe('5.831682455027476E-4');
    expect(builtInGridSet('WorldCRS84Quadx2')!.metersPerUnit).toBe('111319.49079327358');
    expect(builtInGridSet('WorldCRS84Quadx2')!.tileWidth).toBe('512');
    expect(builtInGridSet('nope')).toBeUndefined();
  });

  it('hands out copies: changing one never changes the built-in', () => {
    builtInGridSet('EPSG:4326')!.name = 'changed';
    expect(builtInGridSet('EPSG:4326')!.name).toBe('EPSG:4326');
  });
});

describe('grid sets as GWC stores them (XMLGridSet.makeGridSet, new XMLGridSet(gridSet))', () => {
  it('fills defaults and spells numbers as Java (RestIntegrationTest.testGetGridSetXML: EPSG:2163)', () => {
    const g = gridSetInfo({ name: 'EPSG:2163', srs: 2163, extent: [-2495667.977678598, -2223677.196231552, 3291070.6104286816, 959189.3312465074], scaleDenominators: [25000000, 1000000, 100000, 25000], tileWidth: 200, tileHeight: 200 });
    expect(doubles(g.scaleDenominators)).toEqual(['2.5E7', '1000000.0', '100000.0', '25000.0']);
    expect(g.resolutions).toBeUndefined();
    expect([g.metersPerUnit, g.pixelSize, g.yCoordinateFirst, g.alignTopLeft, g.tileWidth]).toEqual(['1.0', '2.8E-4', 'false', 'false', '200']);
    expect(asList((g.scaleNames as XObject).string)).toEqual(['EPSG:2163:0', 'EPSG:2163:1', 'EPSG:2163:2', 'EPSG:2163:3']);
    expect(Object.keys(g)).toEqual(['name', 'srs', 'extent', 'alignTopLeft', 'scaleDenominators', 'metersPerUnit', 'pixelSize', 'scaleNames', 'tileHeight', 'tileWidth', 'yCoordinateFirst']);
  });

  it('computes the resolutions of a grid set given by levels, with generated names', () => {
    const g = gridSetInfo({ name: 'world', srs: 4326, extent: [-180, -90, 180, 90], levels: 3, scaleNames: ['a', 'b', 'c'] });
    expect(doubles(g.resolutions)).toEqual(['0.703125', '0.3515625', '0.17578125']);
    expect(asList((g.scaleNames as XObject).string)).toEqual(['world:0', 'world:1', 'world:2']);
  });

  it('refuses what GridSetFactory refuses', () => {
    const base = { name: 'g', srs: 3857, extent: [0, 0, 10, 10] as const };
    expect(refusal(() => gridSetInfo({ ...base, resolutions: [1, 2] })).message).toBe('Grid set g: each resolution must be lower than the one before: [1] is 2, [0] is 1');
    expect(refusal(() => gridSetInfo({ ...base, resolutions: [2, 1], scaleDenominators: [2, 1] })).message).toMatch(/either resolutions or scaleDenominators/);
    expect(refusal(() => gridSetInfo({ ...base, extent: [10, 0, 0, 10], resolutions: [1] })).message).toMatch(/extent 10,0,0,10 is invalid/);
    expect(refusal(() => gridSetInfo({ ...base, resolutions: [] })).message).toBe('Grid set g: it has no levels');
    expect(refusal(() => gridSetInfo({ ...base, scaleDenominators: [2, 1], scaleNames: ['only'] })).message).toBe('Grid set g: 2 levels but only 1 scaleNames');
  });
});

describe('PUT /gwc/rest/gridsets/{name} bodies', () => {
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<gridSet>
  <name>testGridset</name>
  <srs><number>4326</number></srs>
  <extent><coords><double>-2495667.977678598</double><double>-2223677.196231552</double><double>3291070.6104286816</double><double>959189.3312465074</double></coords></extent>
  <alignTopLeft>false</alignTopLeft>
  <scaleDenominators><double>2.5E7</double><double>1000000.0</double><double>100000.0</double><double>25000.0</double></scaleDenominators>
  <metersPerUnit>1.0</metersPerUnit>
  <pixelSize>2.8E-4</pixelSize>
  <scaleNames><string>EPSG:4326:0</string><string>EPSG:4326:1</string><string>EPSG:4326:2</string><string>EPSG:4326:3</string></scaleNames>
  <tileHeight>211</tileHeight>
  <tileWidth>211</tileWidth>
  <yCoordinateFirst>false</yCoordinateFirst>
</gridSet>`;
  const ctx = { pathName: 'testGridset', isConfigured: () => false };

  it('stores GWC\'s own test body as GWC answers it back (RestIntegrationTest.testPutGridSetCreateModifyDelete)', () => {
    const g = decodeGridSetBody(xmlDoc(body), 'xml', ctx);
    expect(g.name).toBe('testGridset');
    expect(doubles(g.scaleDenominators)[0]).toBe('2.5E7');
    expect([g.metersPerUnit, g.pixelSize, g.tileWidth, g.tileHeight]).toEqual(['1.0', '2.8E-4', '211', '211']);
  });

  it('reads the JSON GWC writes (gridset_json.txt: lists as arrays) into the same grid set', () => {
    const json = { gridSet: { alignTopLeft: false, extent: { coords: [-2495667.977678598, -2223677.196231552, 3291070.6104286816, 959189.3312465074] }, metersPerUnit: 1, name: 'EPSG:2163', pixelSize: 0.00028, scaleDenominators: [25000000.0, 1000000, 100000, 25000], scaleNames: ['EPSG:2163:0', 'EPSG:2163:1', 'EPSG:2163:2', 'EPSG:2163:3'], srs: { number: 2163 }, tileHeight: 200, tileWidth: 200, yCoordinateFirst: false } };
    const fromJsonBody = decodeGridSetBody(jsonDoc(json), 'json', { pathName: 'EPSG:2163', isConfigured: () => false });
    const fromXml = gridSetInfo(gridSetDefinition(parseXml(body.replace('testGridset', 'EPSG:2163').replace('<number>4326</number>', '<number>2163</number>').replaceAll('EPSG:4326:', 'EPSG:2163:').replaceAll('211', '200')).value as XObject));
    expect(fromJsonBody).toEqual(fromXml);
  });

  it('refuses a built-in name, a name unlike the URL, a name unfit for a path, and bad fields', () => {
    const builtIn = body.replace('testGridset', 'EPSG:4326');
    expect(refusal(() => decodeGridSetBody(xmlDoc(builtIn), 'xml', { pathName: 'EPSG:4326', isConfigured: () => false })).code).toBe('protected');
    expect(decodeGridSetBody(xmlDoc(builtIn), 'xml', { pathName: 'EPSG:4326', isConfigured: () => true }).name).toBe('EPSG:4326');
    expect(refusal(() => decodeGridSetBody(xmlDoc(body), 'xml', { ...ctx, pathName: 'other' })).message).toBe("The grid set name in the body, 'testGridset', is not the one in the URL, 'other'");
    expect(refusal(() => decodeGridSetBody(xmlDoc(body.replace('testGridset', '../etc')), 'xml', { ...ctx, pathName: '../etc' })).code).toBe('bad_name');
    expect(refusal(() => decodeGridSetBody(xmlDoc(body.replace('<tileWidth>211', '<tileWidth>0')), 'xml', ctx)).message).toBe("gridSet.tileWidth: expected an integer ≥ 1, got '0'");
    expect(refusal(() => decodeGridSetBody(xmlDoc(body.replace('<double>25000.0</double>', '<double>9E9</double>')), 'xml', ctx)).message).toMatch(/each scale denominator must be lower/);
    expect(refusal(() => decodeGridSetBody(xmlDoc(body.replace(/<srs>.*<\/srs>/, '')), 'xml', ctx)).message).toBe('gridSet.srs: expected a value, got nothing');
    expect(refusal(() => decodeGridSetBody(xmlDoc('<wmsLayer/>'), 'xml', ctx)).message).toBe('Expected a <gridSet> body, found <wmsLayer>');
  });
});
