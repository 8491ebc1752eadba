import * as fs from 'node:fs';
import { Catalog } from './catalog/catalog.js';
import { CatalogError } from './catalog/errors.js';
import type { NodeConfig } from './config/node-config.js';
import { initDataDir } from './datadir/fresh.js';
import { loadDataDir, type LoadReport } from './datadir/loader.js';
import type { BootstrapProgress } from './cluster/bootstrap.js';
import { DataDirPersister } from './datadir/persister.js';
import { ResourceStore } from './datadir/resources.js';
import type { Logger } from './logger.js';
import { gwcRestApi, restApi } from './rest/api.js';
import { followCatalog } from './gwc/catalog-follower.js';
import { ClusterNode } from './cluster/cluster-node.js';
import { ConfigDigest } from './cluster/digest.js';
import { localChangeGuard } from './cluster/local-guard.js';
import { TransportLifecycle } from './cluster/transport-lifecycle.js';
import { ClusterProperties } from './config/cluster-properties.js';
import { createTransport } from './transports/factory.js';
import { SecurityGate } from './rest/auth.js';
import { applyAdminPassword, prepareSecurityFolder } from './datadir/security-files.js';
import { followCatalogNames } from './security/name-changes.js';
import type { RestContext } from './rest/context.js';
import { HttpServer } from './rest/server.js';
import { uiSearchRoutes } from './rest/routes/ui-search.js';
import { SearchIndex } from './rest/search-index.js';
import { WebUi } from './ui/web-ui.js';
import { publicBase } from './rest/proxy-base.js';
import { BruteForceGuard } from './security/brute-force.js';
import { downloadFromPeer, getFromPeer } from './transports/peer-http.js';
import { family, Histogram } from './http/prometheus.js';
import { startBridge, type Bridge } from './bridge/start.js';
import { changeFeed } from './cluster/change-feed.js';
import { startUpstream, type Upstream } from './bridge/upstream-start.js';
import { loadUpstreamInterval } from './config/upstream-config.js';
import { inProcessRest } from './rest/in-process.js';

/** Where the data directory load has got to: files read of all files. */
export interface StartProgress {
  load(files: number, total: number): void;
  done(): void;
  /** A snapshot being taken from a peer; undefined once it is over. */
  snapshot?(progress: BootstrapProgress | undefined): void;
}

/**
 * A geocluster node: the only place where the parts are wired together. It loads the data
 * directory, keeps it in step with the catalog and serves the REST API.
 */
export class GeoClusterNode {
  private constructor(
    readonly config: NodeConfig,
    readonly log: Logger,
    readonly catalog: Catalog,
    readonly persister: DataDirPersister,
    readonly loadReport: LoadReport,
    private readonly http: HttpServer,
    readonly port: number,
    readonly cluster: ClusterNode,
    private readonly bridge: Bridge | undefined,
    private readonly upstream: Upstream | undefined,
  ) {}

  /** `progress` is told how far long work at start has got (a terminal draws a bar from it). */
  static async start(config: NodeConfig, log: Logger, progress?: StartProgress): Promise<GeoClusterNode> {
    const upstreamMs = loadUpstreamInterval(config.env);
    if (initDataDir(config.dataDir)) log.info({ dataDir: config.dataDir }, 'initialised a new data directory');
    const { props, notes, generatedSecret } = ClusterProperties.load({ dataDir: config.dataDir, env: config.env });
    for (const note of notes) log.info({ part: 'cluster' }, note);
    if (generatedSecret) printSecretOnce(generatedSecret, props.file);
    // made first: whether the cluster refuses this node guards every local change
    const transport = new TransportLifecycle((ports) => createTransport(ports, log.child({ part: 'transport' })));
    const localGuard = localChangeGuard(() => props.settings, transport);
    const catalog = new Catalog({ localGuard });
    // GEOSERVER_ADMIN_USER/PASSWORD become an ordinary user of users.xml with the ADMIN role
    const prepared = prepareSecurityFolder(config.dataDir, { user: config.adminUser, password: config.adminPassword });
    for (const note of prepared.notes) log.info({ part: 'security' }, note);
    // counts each object as the load adds it, while the parsing threads are still busy
    const digest = new ConfigDigest();
    digest.follow(catalog);
    const report = await loadDataDir(config.dataDir, catalog, { threads: config.loadThreads, progress: loadProgress(log, progress) });
    progress?.done();
    for (const f of report.failures) log.warn({ file: f.path, element: f.element }, `skipped while loading: ${f.message}`);
    for (const e of report.security.ignored) log.warn({ file: e.file, key: e.key }, `security rule skipped (kept in the file): ${e.reason}`);
    for (const s of report.security.unsupported) log.warn({ service: s }, 'security service of a kind this node does not read: its users or roles are not used');
    log.info({ dataDir: config.dataDir, objects: report.objects, files: report.files, failures: report.failures.length, ms: Math.round(report.millis) }, 'data directory loaded');
    // the group commit writes the data directory after the journal; readOnly=enabled writes nothing
    const persister = new DataDirPersister(config.dataDir, catalog, { flush: 'manual', enabled: () => !props.settings.readOnly });
    persister.securityIgnored = report.security.ignored;
    persister.attach();
    const auth = new SecurityGate(catalog);
    followCatalogNames(catalog);
    if (prepared.generated) {
      process.stdout.write(
        `\n  geocluster generated a password for the admin user '${config.adminUser}': ${prepared.generated}\n` +
          `  It is shown only this once; only its digest is kept (security/usergroup/default/users.xml). Set GEOSERVER_ADMIN_PASSWORD to choose your own.\n\n`,
      );
    }
    // the users whose password anyone can guess: reported at start (once GEOSERVER_ADMIN_PASSWORD is applied) and in the cluster status
    const securityWarnings = () => auth.wellKnownPasswordUsers().map((u) => `the administrator ${u} has GeoServer's well-known default password: change it (PUT /rest/security/self/password), anyone can guess it`);
    const resources = new ResourceStore(config.dataDir, persister, { localGuard });
    const tls = config.tls && { cert: fs.readFileSync(config.tls.cert), key: fs.readFileSync(config.tls.key), ca: config.tls.clientCA ? fs.readFileSync(config.tls.clientCA) : undefined };
    // toward peers' https URLs: their CA (tls.ca, read at each use) and this node's certificate as a client certificate
    const peerTls = () => ({ ca: props.settings.tlsCA ? fs.readFileSync(props.settings.tlsCA) : undefined, cert: tls?.cert, key: tls?.key });
    const cluster = new ClusterNode({ props, catalog, persister, resources, transport, peerClient: { get: (url, self, tokens) => getFromPeer(url, self, tokens, peerTls()), download: (url, self, tokens, file) => downloadFromPeer(url, self, tokens, peerTls(), file) }, log: log.child({ part: 'cluster' }), snapshotProgress: progress?.snapshot?.bind(progress), digest });
    const search = new SearchIndex(catalog);
    // the GeoServer kept in step (docs/bridge.md): it follows the journal, local and replicated changes alike
    const bridge = config.bridge && startBridge({ config: config.bridge, configDir: props.settings.configDir, catalog, resources, feed: changeFeed(cluster.journal, (o) => cluster.replicator.unseal(o)), log: log.child({ part: 'bridge' }) });
    // after the cluster's listener: a layer's change is journalled before the tile layer change it causes
    followCatalog(catalog);
    // made once the HTTP server listens; the status reads it at each call
    const upstreamRef: { current?: Upstream } = {};
    const ctx: RestContext = {
      catalog,
      dataDir: config.dataDir,
      persister,
      resources,
      log: log.child({ part: 'rest' }),
      commit: () => cluster.commit(),
      reload: async () => {
        // GeoServer's reload re-reads the data directory; it is not a change, so it publishes nothing
        await ctx.commit();
        const fresh = new Catalog();
        const counted = new ConfigDigest();
        counted.follow(fresh);
        const again = await loadDataDir(config.dataDir, fresh, { threads: config.loadThreads });
        catalog.adopt(fresh);
        search.invalidate();
        auth.reset();
        persister.securityIgnored = again.security.ignored;
        report.failures = again.failures;
        cluster.digest.adopt(counted);
        log.info({ objects: again.objects, failures: again.failures.length }, 'catalog reloaded from the data directory');
      },
      reset: () => undefined,
      changeCount: changeCounter(cluster),
      cluster: { props, status: () => withUpstream(withBridge(withWarnings(cluster.status.status(), securityWarnings()), bridge), upstreamRef.current), resync: (opts) => cluster.resync.run(opts) },
    };
    // one guard for every login: REST Basic auth and the web UI count failures together
    const loginGuard = new BruteForceGuard({ log: log.child({ part: 'security' }) });
    const ui = new WebUi({
      // the same users, roles and password check as REST's Basic authentication
      authenticate: (user, password) => {
        const result = auth.authenticate(user, password);
        return result.ok ? result.principal : undefined;
      },
      guard: loginGuard,
      warnings: securityWarnings,
      log: log.child({ part: 'ui' }),
    });
    const router = restApi(ctx);
    const gwcRouter = gwcRestApi(ctx);
    uiSearchRoutes(router, catalog, search);
    const restLatency = new Histogram('geocluster_rest_request_seconds', 'REST requests by route, method and status, and how long each took', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    const metrics = () =>
      family('geocluster_load_seconds', 'How long loading the data directory took at start', 'gauge', [{ value: report.millis / 1000 }]) +
      family('geocluster_load_failures', 'Files skipped while loading the data directory', 'gauge', [{ value: report.failures.length }]) +
      cluster.renderMetrics() +
      (bridge?.metrics() ?? '') +
      restLatency.render();
    const http = new HttpServer({
      tls,
      host: config.host,
      port: config.port,
      maxBodyBytes: config.maxBodyBytes,
      router,
      gwcRouter,
      publicBase: (headers) => publicBase(catalog, headers),
      auth,
      session: (req) => ui.restAccess(req),
      guard: loginGuard,
      log: log.child({ part: 'http' }),
      commit: ctx.commit,
      extra: (req, res) => cluster.endpoints.handle(req, res) || ui.handle(req, res),
      observe: (route, method, status, seconds) => restLatency.observe({ route, method, status: String(status) }, seconds),
      metrics,
    });
    const port = await http.listen();
    const scheme = tls ? 'https' : 'http';
    const url = props.settings.advertisedURL || `${scheme}://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}/geoserver`;
    await cluster.start({ url, port, tls }, () => {
      adminPasswordAtStart(catalog, config, log);
      for (const warning of securityWarnings()) log.warn({ part: 'security' }, warning);
    });
    bridge?.start();
    // changes made in the GeoServer directly: published as this node's own (a master) or reverted (a pure slave)
    const upstream = (upstreamRef.current =
      bridge && config.bridge && upstreamMs > 0
        ? startUpstream({
            config: config.bridge,
            node: inProcessRest({ router, gwcRouter, commit: ctx.commit, principal: () => auth.principalOfUser(undefined, config.adminUser), base: url }),
            isMaster: () => props.settings.toggleMaster,
            downstream: () => bridge.status(),
            intervalMs: upstreamMs,
            log: log.child({ part: 'bridge' }),
          })
        : undefined);
    log.info({ port, host: config.host, url: `${url}/rest`, instanceName: props.settings.instanceName, transport: transport.kind }, 'listening');
    return new GeoClusterNode(config, log, catalog, persister, report, http, port, cluster, bridge, upstream);
  }

  async close(): Promise<void> {
    await this.http.close();
    await this.upstream?.close();
    await this.bridge?.close();
    await this.cluster.close();
    this.persister.flush();
  }
}

/**
 * Changes this node has made or applied: its journal's highest position (every local or
 * replicated change is one journal event; loading the data directory is none). Never lower than
 * a value already reported, should compaction ever drop the newest event.
 */
function changeCounter(cluster: ClusterNode): () => number {
  let reported = 0;
  return () => (reported = Math.max(reported, cluster.journal.appendedLsn));
}

/** Load progress for the terminal, and in the log every 10 s (files read of all files). */
function loadProgress(log: Logger, progress: StartProgress | undefined): (files: number, total: number) => void {
  let logged = Date.now();
  return (files, total) => {
    progress?.load(files, total);
    if (Date.now() - logged < 10_000) return;
    logged = Date.now();
    log.info({ files, total }, 'loading the data directory');
  };
}

/** This node's entry of the cluster status with the security warnings the UI shows. */
function withWarnings<S extends { node: object }>(status: S, warnings: string[]): S {
  return { ...status, node: { ...status.node, warnings } };
}

/** The cluster status with the drift the bridge's upstream found, when it runs. */
function withUpstream<S extends object>(status: S, upstream: Upstream | undefined): S {
  return upstream ? { ...status, bridgeUpstream: upstream.status() } : status;
}

/**
 * GEOSERVER_ADMIN_PASSWORD given to a node whose security configuration exists already: a change
 * of this node, published, so that the cluster takes it. A pure slave makes no change: its admin
 * keeps the cluster's password, and the log says so.
 */
function adminPasswordAtStart(catalog: Catalog, config: NodeConfig, log: Logger): void {
  try {
    for (const note of applyAdminPassword(catalog, { user: config.adminUser, password: config.adminPassword }, { source: 'local' })) log.info({ part: 'security' }, note);
  } catch (err) {
    if (!(err instanceof CatalogError) || err.code !== 'read_only') throw err;
    log.warn({ part: 'security' }, `GEOSERVER_ADMIN_PASSWORD not applied: ${err.message}`);
  }
}

/** The cluster status with this node's GeoServer bridge, when it has one. */
function withBridge<S extends object>(status: S, bridge: Bridge | undefined): S {
  return bridge ? { ...status, bridge: bridge.status() } : status;
}

/** On stdout, never in the JSON log: the one time the generated secret is shown (SECURITY.md). */
function printSecretOnce(secret: string, file: string): void {
  process.stdout.write(
    `\n  geocluster generated the cluster secret and saved it in ${file} (mode 0600).\n` +
      `  Give every other node of this cluster the same secret, in its environment:\n\n` +
      `    GEOCLUSTER_SECRET=${secret}\n\n` +
      `  or as this line in its cluster.properties:\n\n` +
      `    secret=${secret}\n\n` +
      `  It is shown only this once.\n\n`,
  );
}
