import type { XObject, XValue } from '../xml/tree.js';

/*
 * The parsing threads' hand-off shares what objects repeat. A data directory's objects repeat
 * most of their parts word for word (a coverage's supportedFormats, interpolationMethods,
 * dimensions and parameters; a layer's styles; a reference to the workspace's namespace): on a
 * generated 100,000-layer directory, 71 % of the objects a load makes and 37 % of the JSON text
 * are such a part seen before. A parsing thread sends a part of an object (a field's value that is
 * an element with children) the first time in full; the second time as a definition
 * `{"$d":n,"v":…}`, and from then on as `{"$s":n}`. The loading thread takes each definition once,
 * freezes it and puts the same frozen value wherever it is named: fewer objects to parse, to
 * collect and to keep. `$` cannot begin an XML element's name, so no document holds these fields.
 *
 * Shared parts are frozen because a catalog object is never changed in place (src/catalog/catalog.ts):
 * a change replaces the object, and a part written to by mistake throws instead of changing every
 * object that holds it.
 */

/** A part longer than this is sent whole: long parts rarely repeat, and keeping them costs. */
const LONGEST = 2048;
/** Parts seen once that a parsing thread remembers; past this it starts over. */
const REMEMBERED = 100_000;
/** A field is watched this many times before its parts are judged to repeat or not. */
const TRIAL = 256;

/** How often one field of one type repeats a part seen before. */
interface FieldStats {
  seen: number;
  repeats: number;
}

/** A parsing thread's side: the JSON of each object, whole (for its digest hash) and lean (sent). */
export class SubtreeEncoder {
  private readonly once = new Set<string>();
  private readonly shared = new Map<string, number>();
  private readonly fields = new Map<string, FieldStats>();

  /**
   * `whole` is JSON.stringify(value): the digest hashes it. `lean` names the parts sent before;
   * only the loading thread that decodes this thread's answers, in order, can read it. A field
   * whose parts seldom repeat (a bounding box) is left alone after a trial: looking its parts up
   * would cost more than sharing saves.
   */
  encode(type: string, value: XObject): { whole: string; lean: string } {
    const whole = JSON.stringify(value);
    let sent: Record<string, XValue | Named | undefined> | undefined;
    for (const key in value) {
      const child = value[key];
      if (typeof child !== 'object') continue;
      const stats = this.statsOf(type, key);
      if (stats.seen >= TRIAL && stats.repeats * 4 < stats.seen) continue;
      const json = JSON.stringify(child);
      if (json.length > LONGEST) continue;
      stats.seen++;
      const part = this.part(json, child);
      if (part === child) continue;
      stats.repeats++;
      (sent ??= { ...value })[key] = part;
    }
    return { whole, lean: sent ? JSON.stringify(sent) : whole };
  }

  private statsOf(type: string, key: string): FieldStats {
    const name = `${type}.${key}`;
    let stats = this.fields.get(name);
    if (!stats) this.fields.set(name, (stats = { seen: 0, repeats: 0 }));
    return stats;
  }

  /** The part itself, the first time; its definition the second; its name from then on. */
  private part(json: string, child: XValue): XValue | Named {
    const n = this.shared.get(json);
    if (n !== undefined) return { $s: n };
    if (!this.once.has(json)) {
      if (this.once.size >= REMEMBERED) this.once.clear();
      this.once.add(json);
      return child;
    }
    this.once.delete(json);
    const id = this.shared.size;
    this.shared.set(json, id);
    return { $d: id, v: child };
  }
}

/** The loading thread's side, one per parsing thread: puts the shared parts in place. */
export class SubtreeTable {
  private readonly parts: XValue[] = [];

  /** Replaces the definitions and names in an object's fields by the shared, frozen parts. */
  resolve(value: XObject): void {
    for (const key in value) {
      const child = value[key] as Sent;
      if (typeof child !== 'object' || Array.isArray(child)) continue;
      if (child.$s !== undefined) {
        value[key] = this.parts[child.$s]!;
      } else if (child.$d !== undefined) {
        const part = deepFreeze(child.v!);
        this.parts[child.$d] = part;
        value[key] = part;
      }
    }
  }
}

/** A shared part in what is sent: its definition, or its name. */
type Named = { $d: number; v: XValue } | { $s: number };
/** A field's value as sent. */
type Sent = XObject & { $s?: number; $d?: number; v?: XValue };

function deepFreeze(value: XValue): XValue {
  if (typeof value === 'object') {
    for (const k in value) deepFreeze((value as XObject)[k]!);
    Object.freeze(value);
  }
  return value;
}
