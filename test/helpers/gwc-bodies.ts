import { expect } from 'vitest';
import { CatalogError } from '../../src/catalog/errors.js';
import { fromJson } from '../../src/rest/negotiate.js';
import { parseXml } from '../../src/xml/parse.js';
import type { XmlDocument } from '../../src/xml/parse.js';

/** A REST body as the node reads it: XML parsed, or JSON with its one root key as the root. */
export const xmlBody = (s: string): XmlDocument => parseXml(s);
export const jsonBody = (o: object): XmlDocument => {
  const [root, value] = Object.entries(o)[0];
  return { root, value: fromJson(value, root) };
};

/** The CatalogError a step refuses with; fails the test when it does not refuse. */
export function refusal(f: () => unknown): CatalogError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error('expected a refusal');
}
