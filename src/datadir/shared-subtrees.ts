import type { FastBuffer } from '../xml/bytes.js';
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

/** One field of one type: how often its parts repeat a part seen before, and its name as JSON. */
interface Field {
  seen: number;
  repeats: number;
  /** `"name":`, as JSON.stringify writes it before the value. */
  readonly quoted: string;
}

/** A parsing thread's side: the JSON of each object, whole (for its digest hash) and lean (sent). */
export class SubtreeEncoder {
  private readonly once = new Set<string>();
  private readonly shared = new Map<string, number>();
  private readonly fields = new Map<string, Map<string, Field>>();

  /**
   * `whole` is JSON.stringify(value): the digest hashes it. `lean` names the parts sent before;
   * only the loading thread that decodes this thread's answers, in order, can read it. Both are
   * put together from the JSON of each field, so that each field is written once. A field whose
   * parts seldom repeat (a bounding box) is left alone after a trial: looking its parts up would
   * cost more than sharing saves.
   */
  encode(type: string, value: XObject): { whole: string; lean: string } {
    const fields = this.fieldsOf(type);
    let whole = '{';
    let lean = '{';
    let named = false;
    for (const key in value) {
      const child = value[key];
      if (child === undefined) continue; // as JSON.stringify leaves it out
      const field = fields.get(key) ?? this.field(fields, key);
      const json = JSON.stringify(child);
      const comma = whole.length > 1 ? ',' : '';
      whole += comma + field.quoted + json;
      const part = typeof child === 'object' ? this.shareIn(field, json, json.length) : undefined;
      if (part !== undefined) named = true;
      lean += comma + field.quoted + (part === undefined ? json : part >= 0 ? `{"$s":${part}}` : `{"$d":${-part - 1},"v":${json}}`);
    }
    whole += '}';
    return { whole, lean: named ? lean + '}' : whole };
  }

  /**
   * What to send for one field's part, the JSON text in `src` from `start` to `end`: undefined to
   * send it as it is; n ≥ 0 to send `{"$s":n}`; -(n + 1) to send `{"$d":n,"v":…}` followed by the
   * part. The part is looked up as the string encode() would look up, so that a part is the same
   * part whichever way it came (bytes taken as latin1 could name a different part that encode()
   * met); that string is made only for a field still watched.
   */
  share(type: string, key: string, src: FastBuffer, start: number, end: number): number | undefined {
    const fields = this.fieldsOf(type);
    const field = fields.get(key) ?? this.field(fields, key);
    // UTF-8 takes at most three bytes for each UTF-16 unit: a part this long is too long
    if (!this.watched(field) || end - start > 3 * LONGEST) return undefined;
    const json = src.utf8Slice(start, end);
    return json.length <= LONGEST ? this.count(field, json) : undefined;
  }

  /** `size`: the part's length as a string. */
  private shareIn(field: Field, json: string, size: number): number | undefined {
    return size <= LONGEST && this.watched(field) ? this.count(field, json) : undefined;
  }

  /** False once a field's parts were found not to repeat. */
  private watched(field: Field): boolean {
    return field.seen < TRIAL || field.repeats * 4 >= field.seen;
  }

  private count(field: Field, json: string): number | undefined {
    field.seen++;
    const part = this.part(json);
    if (part !== undefined) field.repeats++;
    return part;
  }

  private fieldsOf(type: string): Map<string, Field> {
    let fields = this.fields.get(type);
    if (!fields) this.fields.set(type, (fields = new Map()));
    return fields;
  }

  private field(fields: Map<string, Field>, key: string): Field {
    const field = { seen: 0, repeats: 0, quoted: `${JSON.stringify(key)}:` };
    fields.set(key, field);
    return field;
  }

  /** Nothing the first time (the part goes as it is); its definition the second; its name from then on. */
  private part(json: string): number | undefined {
    const n = this.shared.get(json);
    if (n !== undefined) return n;
    if (!this.once.has(json)) {
      if (this.once.size >= REMEMBERED) this.once.clear();
      this.once.add(json);
      return undefined;
    }
    this.once.delete(json);
    const id = this.shared.size;
    this.shared.set(json, id);
    return -id - 1;
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

/** A field's value as sent. */
type Sent = XObject & { $s?: number; $d?: number; v?: XValue };

function deepFreeze(value: XValue): XValue {
  if (typeof value === 'object') {
    for (const k in value) deepFreeze((value as XObject)[k]!);
    Object.freeze(value);
  }
  return value;
}
