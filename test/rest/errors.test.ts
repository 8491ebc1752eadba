import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { CATALOG_ERROR_CODES, CatalogError } from '../../src/catalog/errors.js';
import { restApi } from '../../src/rest/api.js';
import type { RestContext } from '../../src/rest/context.js';
import { GEOSERVER_STATUS, STATUS_OF_CODE, statusOverrides, toRestError } from '../../src/rest/errors.js';

const DOC = fs.readFileSync(path.resolve(__dirname, '../../docs/errors.md'), 'utf8');

/** The rows of the table under a `## heading` of docs/errors.md, as trimmed cells without backticks. */
function table(heading: string): string[][] {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`docs/errors.md has no section '${heading}'`);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/`/g, '')));
}

// As fastify keeps lib/errors.js and docs/Reference/Errors.md in step: one list in the code, one in
// the docs, and a test that they say the same.
describe('error mapping and docs/errors.md', () => {
  it('lists every catalog error code with its status and meaning, and no other', () => {
    const rows = table('Catalog error codes');
    expect(rows.map(([code]) => code)).toEqual(Object.keys(CATALOG_ERROR_CODES));
    for (const [code, status, meaning] of rows) {
      expect(Number(status), code).toBe(STATUS_OF_CODE[code as keyof typeof STATUS_OF_CODE]);
      expect(meaning, code).toBe(CATALOG_ERROR_CODES[code as keyof typeof CATALOG_ERROR_CODES]);
    }
  });

  it("lists every one of GeoServer's own statuses, and no other", () => {
    const documented = table('Where GeoServer answers otherwise').map(([kind, method, code, status]) => `${kind} ${method} ${code} ${status}`);
    const mapped = Object.entries(GEOSERVER_STATUS).flatMap(([kind, methods]) =>
      Object.entries(methods ?? {}).flatMap(([method, codes]) => Object.entries(codes ?? {}).map(([code, status]) => `${kind} ${method} ${code} ${status}`)),
    );
    expect(documented).toEqual(mapped);
  });

  it('names only kinds that some REST endpoint serves', () => {
    const served = restApi({ catalog: new Catalog() } as RestContext).kinds();
    for (const kind of Object.keys(GEOSERVER_STATUS)) expect(served.has(kind as never), kind).toBe(true);
  });

  it("maps a code by the endpoint's kind and method, else by the code alone", () => {
    const inUse = new CatalogError('in_use', 'coveragestore not empty');
    expect(toRestError(inUse, statusOverrides('coverageStore', 'DELETE')).status).toBe(401);
    expect(toRestError(inUse, statusOverrides('dataStore', 'DELETE')).status).toBe(403);
    expect(toRestError(inUse, statusOverrides('coverageStore', 'GET')).status).toBe(403);
    expect(toRestError(inUse).message).toBe('coveragestore not empty');
    expect(toRestError(new Error('boom')).status).toBe(500);
  });
});
