import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { CONFIG_TYPES, GWC_TYPES, RESOURCE_TYPES, SECURITY_TYPES, STORE_TYPES, type InfoType } from '../catalog/kinds.js';
import { refId, type Info } from '../catalog/types.js';
import type { BridgeConfig } from '../config/bridge-config.js';
import type { Logger } from '../logger.js';
import { CursorStore } from './cursor-store.js';
import { Downstream, type BridgeStatus, type ChangeFeed, type CurrentState } from './downstream.js';
import { GeoServerClient } from './geoserver-client.js';
import { bridgeMetrics } from './metrics.js';
import type { Change } from './rest-calls.js';

export interface BridgeOptions {
  config: BridgeConfig;
  /** The cluster folder: bridge.sqlite and bridge-dead-letters/ live there. */
  configDir: string;
  catalog: Catalog;
  /** The data directory's other files (style bodies), read for a full pass. */
  resources: { read(rel: string): Buffer | undefined; onChange(listener: () => void): void };
  feed: ChangeFeed;
  log: Logger;
}

export interface Bridge {
  start(): void;
  status(): BridgeStatus;
  metrics(): string;
  close(): Promise<void>;
}

/** The bridge of a node, made from its settings (src/config/bridge-config.ts); main.ts wires it. */
export function startBridge(o: BridgeOptions): Bridge {
  const { config, catalog, log } = o;
  const client = new GeoServerClient({ url: config.url, user: config.user, password: config.password, timeoutMs: config.timeoutMs, ca: config.tlsCA ? fs.readFileSync(config.tlsCA) : undefined });
  const store = new CursorStore(path.join(o.configDir, 'bridge.sqlite'));
  const downstream = new Downstream({ feed: o.feed, state: currentState(catalog, o.resources), catalog, client, store, deadLetterDir: path.join(o.configDir, 'bridge-dead-letters'), log, changed: (listener) => {
    catalog.onChange(listener);
    o.resources.onChange(listener);
  } });
  log.info({ url: config.url, user: config.user }, 'keeping a GeoServer in step through its REST API');
  return {
    start: () => downstream.start(),
    status: () => downstream.status(),
    metrics: () => bridgeMetrics(downstream.status()),
    close: async () => {
      await downstream.close();
      client.close();
      store.close();
    },
  };
}

/** Kinds in the order GeoServer accepts them: what an object refers to goes first. */
const ORDER: readonly InfoType[] = ['workspace', 'namespace', 'style', ...STORE_TYPES, ...RESOURCE_TYPES, 'layer', 'layerGroup', ...CONFIG_TYPES.filter((t) => !GWC_TYPES.includes(t as never)), ...SECURITY_TYPES, ...GWC_TYPES];

/**
 * The node's whole state, as changes that put it on a GeoServer: each object, and each style's body
 * after its style. The objects are taken at once (the catalog hands out immutable objects: this
 * costs a reference each), so that changes made during the pass, which follow it from the journal,
 * do not show in it half-way (a store whose new workspace the pass has already gone past).
 */
function currentState(catalog: Catalog, resources: BridgeOptions['resources']): CurrentState {
  return () => {
    const objects = ORDER.map((type) => [type, [...catalog.list(type)]] as const);
    return changesOf(catalog, resources, objects);
  };
}

/** Each object taken, and each style's body after its style, as changes that put them on a GeoServer. */
function* changesOf(catalog: Catalog, resources: BridgeOptions['resources'], objects: ReadonlyArray<readonly [InfoType, readonly Info[]]>): Iterable<Change & { key?: string }> {
  for (const [type, infos] of objects) {
    for (const info of infos) {
      const key = catalog.keyOfObject(type, info);
      yield { op: 'add', type, id: key, object: info, key };
      if (type === 'style' && typeof info.filename === 'string') {
        const ws = catalog.get('workspace', refId(info.workspace) ?? '');
        const file = ws ? `workspaces/${String(ws.name)}/styles/${info.filename}` : `styles/${info.filename}`;
        const data = resources.read(file);
        if (data) yield { op: 'put', type: 'resource', id: file, data };
      }
    }
  }
}
