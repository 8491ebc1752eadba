import type { Catalog } from '../catalog/catalog.js';
import type { Info } from '../catalog/types.js';
import { asList, isXObject, type XValue } from '../xml/tree.js';

/** Fields holding a reference `<x><id>…</id></x>` to an object loaded before. */
const REF_FIELDS = ['workspace', 'namespace', 'store', 'resource', 'defaultStyle'] as const;
/** Long texts that repeat from object to object (a CRS's WKT, attribute bindings). */
const LONG_REPEATS = 10;

/**
 * Makes a loaded object share strings it repeats with objects loaded before it: the ids of what it
 * refers to, a resource's native name and its layer's name, its CRS, its attribute bindings. A
 * parsed document has its own copy of each (JSON.parse shares only short strings), and at a
 * million layers those copies are a sixth of the heap. Only the identity of equal strings changes,
 * never a value, so the object is the one its file holds.
 */
export class SharedStrings {
  private readonly texts = new Map<string, string>();

  constructor(private readonly catalog: Catalog) {}

  share(type: string, info: Info): void {
    for (const field of REF_FIELDS) this.shareRef(info[field]);
    if (typeof info.nativeName === 'string' && info.nativeName === info.name) info.nativeName = info.name;
    if (typeof info.nativeCRS === 'string') info.nativeCRS = this.text(info.nativeCRS);
    if (isXObject(info.attributes) && !Object.isFrozen(info.attributes)) {
      for (const a of asList(info.attributes.attribute)) if (isXObject(a) && typeof a.binding === 'string') a.binding = this.text(a.binding);
    }
    if (type === 'layer' && isXObject(info.resource) && typeof info.resource.id === 'string') {
      const resource = this.catalog.find(info.resource.id)?.info;
      if (resource && resource.name === info.name) info.name = resource.name;
    }
  }

  private shareRef(ref: XValue | undefined): void {
    // a part the load shares between objects is frozen, and holds one copy already
    if (!isXObject(ref) || typeof ref.id !== 'string' || Object.isFrozen(ref)) return;
    const id = this.catalog.find(ref.id)?.info.id;
    if (id === ref.id) ref.id = id;
  }

  private text(s: string): string {
    if (s.length <= LONG_REPEATS) return s;
    const seen = this.texts.get(s);
    if (seen !== undefined) return seen;
    this.texts.set(s, s);
    return s;
  }
}
