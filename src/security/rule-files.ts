import { CatalogError } from '../catalog/errors.js';
import { formatProperties, parseProperties } from '../config/java-properties.js';
import { SecurityFileError } from './errors.js';
import { ids, type CatalogModeInfo, type DataAccessRuleInfo, type RestAccessRuleInfo, type ServiceAccessRuleInfo } from './model.js';
import { dataRuleKey, orderedRestRules, parseCatalogMode, parseDataRule, parseRestRule, parseServiceRule, restRuleKey, serviceRuleKey } from './rules.js';

/**
 * layers.properties, services.properties and rest.properties of the security folder. GeoServer
 * skips a malformed entry with a warning and keeps the others (AbstractAccessRuleDAO and its
 * subclasses), so a reader does the same: the entry comes back in `ignored` with the reason, for
 * the log, and is written back unchanged so that nothing an operator wrote is lost. A file that is
 * not a properties file at all is refused, naming the file and the line.
 */
export interface IgnoredEntry {
  key: string;
  value: string;
  reason: string;
}

export interface RuleFile<T> {
  rules: T[];
  ignored: IgnoredEntry[];
}

function entriesOf(text: string, file: string): Array<[string, string]> {
  try {
    // later keys win, as in java.util.Properties; the first place is kept, as GeoServer's LinkedProperties does
    return [...new Map(parseProperties(text))];
  } catch (err) {
    throw new SecurityFileError(file, undefined, (err as Error).message, { cause: err });
  }
}

function readRules<T>(text: string, file: string, parse: (key: string, value: string, index: number) => T, skip?: (key: string) => boolean): RuleFile<T> {
  const out: RuleFile<T> = { rules: [], ignored: [] };
  entriesOf(text, file).forEach(([key, value], index) => {
    if (skip?.(key)) return;
    try {
      out.rules.push(parse(key, value, index));
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      out.ignored.push({ key, value, reason: err.message });
    }
  });
  return out;
}

// ---------------------------------------------------------------- layers.properties

export interface LayersFile extends RuleFile<DataAccessRuleInfo> {
  catalogMode: CatalogModeInfo;
}

/** The rules and the `mode` entry (HIDE when absent or unknown, as DataAccessRuleDAO defaults it). */
export function readLayersProperties(text: string, file: string): LayersFile {
  const isMode = (key: string) => key.toLowerCase() === 'mode';
  const out = readRules(text, file, (k, v) => parseDataRule(k, v, { globalGroups: true }), isMode);
  let mode: CatalogModeInfo = { id: ids.catalogMode(), mode: 'HIDE' };
  for (const [key, value] of entriesOf(text, file).filter(([k]) => isMode(k))) {
    try {
      mode = { id: ids.catalogMode(), mode: parseCatalogMode(value, { ignoreCase: true }) };
    } catch (err) {
      out.ignored.push({ key, value, reason: (err as Error).message });
    }
  }
  return { ...out, catalogMode: mode };
}

export function writeLayersProperties(file: LayersFile, now?: Date): string {
  const entries: Array<[string, string]> = file.rules.map((r) => [dataRuleKey(r), r.roles]);
  entries.push(['mode', file.catalogMode.mode]);
  return formatProperties([...entries, ...file.ignored.map((e): [string, string] => [e.key, e.value])], now);
}

// ---------------------------------------------------------------- services.properties

export function readServicesProperties(text: string, file: string): RuleFile<ServiceAccessRuleInfo> {
  return readRules(text, file, (k, v) => parseServiceRule(k, v));
}

export function writeServicesProperties(file: RuleFile<ServiceAccessRuleInfo>, now?: Date): string {
  const entries = file.rules.map((r): [string, string] => [serviceRuleKey(r), r.roles]);
  return formatProperties([...entries, ...file.ignored.map((e): [string, string] => [e.key, e.value])], now);
}

// ---------------------------------------------------------------- rest.properties

/** Rules keep their place in the file: the first rule matching a request decides. */
export function readRestProperties(text: string, file: string): RuleFile<RestAccessRuleInfo> {
  return readRules(text, file, (k, v, index) => parseRestRule(k, v, ';', index));
}

/**
 * rest.properties in rule order (Properties.store would shuffle it, and order decides here); an
 * entry GeoServer skipped goes last, where it cannot change which rule matches first.
 */
export function writeRestProperties(file: RuleFile<RestAccessRuleInfo>, now?: Date): string {
  const lines = [formatProperties([], now).trimEnd()];
  for (const r of orderedRestRules(file.rules)) lines.push(propertyLine(restRuleKey(r), r.roles));
  for (const e of file.ignored) lines.push(propertyLine(e.key, e.value));
  return lines.join('\n') + '\n';
}

/** One `key=value` line escaped as Properties.store does (the shared writer sorts whole files). */
function propertyLine(key: string, value: string): string {
  return formatProperties([[key, value]]).split('\n')[1];
}
