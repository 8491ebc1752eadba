import { RESOURCE_KINDS, SERVICE_TYPES, STORE_KINDS, STORE_TYPES } from '../catalog/kinds.js';
import { STYLE_FORMATS, type StyleFormat } from '../rest/routes/style-formats.js';
import { checkTree } from '../rest/negotiate.js';
import { parseXml } from '../xml/parse.js';
import { asList, isXObject, textOf, type XObject, type XValue } from '../xml/tree.js';
import { seg, type ConfigEntry, type ConfigSnapshot, type Family } from './config-entry.js';
import { readSecurity, readTileCache } from './geoserver-reader-extras.js';
import { eachLimited, type RestEndpoint } from './rest-endpoint.js';

/**
 * Reads a GeoServer's whole configuration through its REST API (no file is copied): every
 * listing, then every object of it, at most `concurrency` requests at once. Bodies are read as
 * XML, GeoServer's own serialisation (XStream), with the node's XML decoder and REST body checks.
 * What fails to read is listed with its reason; the rest is read all the same.
 */
export async function readConfiguration(endpoint: RestEndpoint, options: { concurrency?: number } = {}): Promise<ConfigSnapshot> {
  const reader = new ConfigReader(endpoint, options.concurrency ?? 8);
  const snapshot: ConfigSnapshot = { entries: reader.entries, failures: reader.failures };
  snapshot.updateSequence = await readUpdateSequence(endpoint);
  await reader.readCatalog();
  await reader.readConfig();
  await reader.readTemplates();
  await readSecurity(reader);
  await readTileCache(reader);
  return snapshot;
}

/** GeoServer's updateSequence (GET /rest/settings, global.updateSequence): the cheap "did anything change". */
export async function readUpdateSequence(endpoint: RestEndpoint): Promise<number | undefined> {
  const answer = await endpoint.request('GET', '/rest/settings.xml');
  if (answer.status !== 200) return undefined;
  const { value } = parseXml(answer.text);
  const n = Number(isXObject(value) ? textOf(value.updateSequence) : undefined);
  return Number.isFinite(n) ? n : undefined;
}

/** The reading under way: what the family readers share. */
export class ConfigReader {
  readonly entries = new Map<string, ConfigEntry>();
  readonly failures: Array<{ path: string; reason: string }> = [];

  constructor(
    readonly endpoint: RestEndpoint,
    readonly concurrency: number,
  ) {}

  /** The names in a listing (`<workspaces><workspace><name>…`), or the texts of its items. */
  async names(path: string, item: string, optional = false): Promise<string[]> {
    const doc = await this.document(path, optional);
    if (!doc || !isXObject(doc.value)) return [];
    return asList(doc.value[item]).map((v) => (isXObject(v) ? textOf(v.name) : textOf(v))).filter((n): n is string => !!n);
  }

  /** Reads one object into an entry; a 404 of an `optional` one is its absence. */
  async entry(family: Family, path: string, collection?: string, optional = false): Promise<ConfigEntry | undefined> {
    const doc = await this.document(`${path}.xml`, optional);
    if (!doc) return undefined;
    const entry: ConfigEntry = { family, path, collection, root: doc.root, body: withoutLinks(doc.value) };
    this.entries.set(path, entry);
    return entry;
  }

  async each<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
    await eachLimited(items, this.concurrency, work);
  }

  /** An XML document of the API; undefined (and a failure noted unless `optional` and 404) if it cannot be had. */
  async document(path: string, optional = false): Promise<{ root: string; value: XValue } | undefined> {
    try {
      const answer = await this.endpoint.request('GET', path);
      if (answer.status === 404 && optional) return undefined;
      if (answer.status !== 200) throw new Error(`${answer.status} ${answer.text.trim().slice(0, 200)}`);
      const doc = parseXml(answer.text);
      checkTree(doc.value, doc.root);
      return doc;
    } catch (err) {
      this.failures.push({ path, reason: (err as Error).message });
      return undefined;
    }
  }

  async readCatalog(): Promise<void> {
    const namespaces = await this.names('/rest/namespaces.xml', 'namespace');
    await this.each(namespaces, (p) => this.entry('namespace', `/rest/namespaces/${seg(p)}`, '/rest/namespaces'));
    const workspaces = await this.names('/rest/workspaces.xml', 'workspace');
    await this.each(workspaces, (w) => this.entry('workspace', `/rest/workspaces/${seg(w)}`, '/rest/workspaces'));
    await this.each(workspaces, (w) => this.readStores(w));
    await this.readStyles(['/rest', ...workspaces.map((w) => `/rest/workspaces/${seg(w)}`)]);
    const layers = await this.names('/rest/layers.xml', 'layer');
    await this.each(layers, (l) => this.entry('layer', `/rest/layers/${seg(l)}`));
    for (const scope of ['/rest', ...workspaces.map((w) => `/rest/workspaces/${seg(w)}`)]) {
      const groups = await this.names(`${scope}/layergroups.xml`, 'layerGroup');
      await this.each(groups, (g) => this.entry('layerGroup', `${scope}/layergroups/${seg(g)}`, `${scope}/layergroups`));
    }
  }

  private async readStores(workspace: string): Promise<void> {
    const base = `/rest/workspaces/${seg(workspace)}`;
    for (const type of STORE_TYPES) {
      const kind = STORE_KINDS[type];
      const resource = RESOURCE_KINDS[kind.resource];
      const stores = await this.names(`${base}/${kind.rest.collection}.xml`, type);
      await this.each(stores, async (s) => {
        const store = `${base}/${kind.rest.collection}/${seg(s)}`;
        if (!(await this.entry('store', store, `${base}/${kind.rest.collection}`))) return;
        const items = await this.names(`${store}/${resource.rest.collection}.xml`, kind.resource);
        await this.each(items, (r) => this.entry('resource', `${store}/${resource.rest.collection}/${seg(r)}`, `${store}/${resource.rest.collection}`));
      });
    }
  }

  private async readStyles(scopes: string[]): Promise<void> {
    for (const scope of scopes) {
      const styles = await this.names(`${scope}/styles.xml`, 'style');
      await this.each(styles, async (name) => {
        const entry = await this.entry('style', `${scope}/styles/${seg(name)}`, `${scope}/styles`);
        if (!entry || !isXObject(entry.body)) return;
        const type = styleMediaType(entry.body);
        // SLD by its media type; the other languages by their extension (.css, .ysld, .mbstyle):
        // RestConfiguration.configureContentNegotiation registers each StyleHandler's format as one
        const format = textOf(entry.body.format) ?? 'sld';
        const answer = await this.endpoint.request('GET', format === 'sld' ? entry.path : `${entry.path}.${format}`, undefined, type);
        if (answer.status === 200) entry.content = { type, text: answer.text };
        else this.failures.push({ path: entry.path, reason: `its ${type} body: ${answer.status} ${answer.text.trim().slice(0, 200)}` });
      });
    }
  }

  /**
   * FreeMarker templates (TemplateController): of the whole server, of each workspace, data or
   * coverage store, feature type and coverage. A scope without a template folder answers 404.
   */
  async readTemplates(): Promise<void> {
    const scopes = ['/rest', ...[...this.entries.values()].filter((e) => e.family === 'workspace' || TEMPLATE_HOLDERS.test(e.path)).map((e) => e.path)];
    await this.each(scopes, async (scope) => {
      const names = await this.names(`${scope}/templates.xml`, 'template', true);
      for (const name of names) {
        const path = `${scope}/templates/${seg(name)}`;
        const answer = await this.endpoint.request('GET', path, undefined, 'text/plain');
        if (answer.status !== 200) this.failures.push({ path, reason: `${answer.status} ${answer.text.trim().slice(0, 200)}` });
        else this.entries.set(path, { family: 'template', path, root: 'template', body: '', content: { type: 'text/plain', text: answer.text } });
      }
    });
  }

  async readConfig(): Promise<void> {
    await this.entry('global', '/rest/settings');
    await this.entry('logging', '/rest/logging');
    const workspaces = [...this.entries.values()].filter((e) => e.family === 'workspace').map((e) => e.path.slice('/rest/workspaces/'.length));
    await this.each(workspaces, async (w) => {
      const local = await this.entry('settings', `/rest/workspaces/${w}/settings`);
      // GeoServer answers a fresh, workspace-less object where a workspace has no settings of its own
      if (local && !(isXObject(local.body) && local.body.workspace !== undefined)) this.entries.delete(local.path);
    });
    for (const service of SERVICE_TYPES) {
      await this.entry('service', `/rest/services/${service}/settings`);
      await this.each(workspaces, (w) => this.entry('service', `/rest/services/${service}/workspaces/${w}/settings`, undefined, true));
    }
  }
}

/** Stores and resources that may hold templates: data and coverage stores, feature types and coverages. */
const TEMPLATE_HOLDERS = /^\/rest\/workspaces\/[^/]+\/(datastores|coveragestores)\/[^/]+(\/(featuretypes|coverages)\/[^/]+)?$/;

/** The media type GeoServer's StyleController answers a style's own document in, from its format. */
export function styleMediaType(style: XObject): string {
  const format = textOf(style.format) ?? 'sld';
  if (format in STYLE_FORMATS) return STYLE_FORMATS[format as StyleFormat].mediaType;
  const version = isXObject(style.languageVersion) ? textOf(style.languageVersion.version) : undefined;
  return version === '1.1.0' ? 'application/vnd.ogc.se+xml' : 'application/vnd.ogc.sld+xml';
}

/** A body without its atom links (which name the server they came from), recursively. */
export function withoutLinks(value: XValue): XValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(withoutLinks);
  const out: XObject = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'atom:link' && v !== undefined) out[k] = withoutLinks(v);
  return out;
}
