import type { Catalog } from '../../catalog/catalog.js';
import type { Info } from '../../catalog/types.js';
import type { Format } from '../http.js';
import { refOut } from '../refs.js';

/** Configuration endpoints answer JSON first when asked for nothing in particular, as GeoServer's do. */
export const CONFIG_FORMATS: readonly Format[] = ['json', 'xml', 'html'];

/**
 * A per-workspace configuration object (settings, a service) as GeoServer's REST API shows it:
 * its id, then its workspace by name (`{name, href}`, or name and atom:link in XML), then the
 * rest as stored.
 */
export function configView(catalog: Catalog, base: string, format: Format, info: Info): Info {
  const out: Info = {};
  if (info.id !== undefined) out.id = info.id;
  if (info.workspace !== undefined) out.workspace = refOut(catalog, base, format, info.workspace);
  for (const key of Object.keys(info)) {
    if (key !== 'id' && key !== 'workspace' && info[key] !== undefined) out[key] = info[key];
  }
  return out;
}
