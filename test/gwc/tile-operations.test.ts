import { describe, expect, it } from 'vitest';
import { refusedTileOperation, TILE_OPERATION_STATUS } from '../../src/gwc/tile-operations.js';

describe('operations on tiles are refused: this node holds configuration only', () => {
  it.each([
    ['POST', '/gwc/rest/seed/topp:states.xml'],
    ['POST', '/gwc/rest/seed/topp:states.json'],
    ['POST', '/gwc/rest/seed/topp:states'],
    ['GET', '/gwc/rest/seed.json'],
    ['GET', '/gwc/rest/seed/topp:states.json'],
    ['POST', '/gwc/rest/seed'],
    ['POST', '/gwc/rest/masstruncate'],
    ['GET', '/gwc/rest/masstruncate.xml'],
    ['GET', '/gwc/rest/statistics.json'],
    ['GET', '/gwc/rest/bounds/topp:states/EPSG:4326/java'],
    ['POST', '/gwc/rest/filter/myFilter/update/xml'],
  ])('%s %s', (method, path) => {
    const refusal = refusedTileOperation(method, path);
    expect(refusal?.status).toBe(TILE_OPERATION_STATUS);
    expect(refusal?.message).toMatch(/^This node holds GeoWebCache's configuration only, not tiles: .+ is not possible here\./);
  });

  it('leaves configuration alone', () => {
    for (const [method, path] of [['GET', '/gwc/rest/layers'], ['PUT', '/gwc/rest/layers/topp:states.xml'], ['GET', '/gwc/rest/gridsets.json'], ['PUT', '/gwc/rest/diskquota'], ['GET', '/gwc/rest/seeds'], ['DELETE', '/gwc/rest/seed/x']]) {
      expect(refusedTileOperation(method, path)).toBeUndefined();
    }
  });
});
