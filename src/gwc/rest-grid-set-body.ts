import { CatalogError } from '../catalog/errors.js';
import { textOf } from '../xml/tree.js';
import { isBuiltInGridSet } from './default-grid-sets.js';
import { gridSetDefinition, gridSetInfo } from './grid-sets.js';
import { ROOT, type GridSetInfo } from './model.js';
import { bodyObject, checkGwcName, checkSameName, type BodyFormat, type RestDocument } from './rest-body.js';
import { GRID_SET } from './schemas.js';

/**
 * PUT /gwc/rest/gridsets/{name}: a `<gridSet>` body (XMLGridSet), stored as GWC stores it once made
 * into a GridSet (see grid-sets.ts). A built-in grid set cannot be replaced unless geowebcache.xml
 * already overrides it; GWC would fail on its read-only DefaultGridsets.
 */
export interface GridSetBodyContext {
  pathName: string;
  /** Whether geowebcache.xml holds a grid set of that name. */
  isConfigured(name: string): boolean;
}

export function decodeGridSetBody(doc: RestDocument, format: BodyFormat, ctx: GridSetBodyContext): GridSetInfo {
  const body = bodyObject(doc, [ROOT.gridSet], format, GRID_SET);
  const name = checkGwcName('Grid set', textOf(body.name));
  checkSameName('grid set', ctx.pathName, name);
  if (isBuiltInGridSet(name) && !ctx.isConfigured(name)) {
    throw new CatalogError('protected', `Grid set ${name} is one of GeoWebCache's built-in grid sets and cannot be changed`);
  }
  return gridSetInfo(gridSetDefinition(body));
}
