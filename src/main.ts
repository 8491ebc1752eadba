import { Catalog } from './catalog/catalog.js';
import type { NodeConfig } from './config/node-config.js';
import { initDataDir } from './datadir/fresh.js';
import { loadDataDir, type LoadReport } from './datadir/loader.js';
import { DataDirPersister } from './datadir/persister.js';
import { ResourceStore } from './datadir/resources.js';
import type { Logger } from './logger.js';
import { restApi } from './rest/api.js';
import { ClusterNode } from './cluster/cluster-node.js';
import { localChangeGuard } from './cluster/local-guard.js';
import { TransportLifecycle } from './cluster/transport-lifecycle.js';
import { ClusterProperties } from './config/cluster-properties.js';
import { createTransport } from './transports/factory.js';
import { downloadFromPeer, getFromPeer } from './transports/peer-http.js';
import { AdminAuth } from './rest/auth.js';
import type { RestContext } from './rest/context.js';
import { HttpServer } from './rest/server.js';
import { family, Histogram } from './http/prometheus.js';

/** Where the data directory load has got to: files read of all files. */
export interface StartProgress {
  load(files: number, total: number): void;
  done(): void;
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
  ) {}

  /** `progress` is told how far long work at start has got (a terminal draws a bar from it). */
  static async start(config: NodeConfig, log: Logger, progress?: StartProgress): Promise<GeoClusterNode> {
    if (initDataDir(config.dataDir)) log.info({ dataDir: config.dataDir }, 'initialised a new data directory');
    const { props, notes } = ClusterProperties.load({ dataDir: config.dataDir, env: config.env });
    for (const note of notes) log.info({ part: 'cluster' }, note);
    // made first: whether the cluster refuses this node guards every local change
    const transport = new TransportLifecycle((ports) => createTransport(ports, log.child({ part: 'transport' })));
    const localGuard = localChangeGuard(() => props.settings, transport);
    const catalog = new Catalog({ localGuard });
    const report = await loadDataDir(config.dataDir, catalog, { threads: config.loadThreads, progress: progress?.load });
    progress?.done();
    for (const f of report.failures) log.warn({ file: f.path, element: f.element }, `skipped while loading: ${f.message}`);
    log.info({ dataDir: config.dataDir, objects: report.objects, files: report.files, failures: report.failures.length, ms: Math.round(report.millis) }, 'data directory loaded');
    // the group commit writes the data directory after the journal; readOnly=enabled writes nothing
    const persister = new DataDirPersister(config.dataDir, catalog, { flush: 'manual', enabled: () => !props.settings.readOnly });
    persister.attach();
    const { auth, generated } = AdminAuth.init(config.dataDir, config.adminUser, config.adminPassword);
    if (generated) {
      process.stdout.write(
        `\n  geocluster generated a password for the REST admin user '${config.adminUser}': ${generated}\n` +
          `  It is shown only this once; only its hash is kept. Set GEOSERVER_ADMIN_PASSWORD to choose your own.\n\n`,
      );
    }
    const resources = new ResourceStore(config.dataDir, persister, { localGuard });
    const cluster = new ClusterNode({ props, catalog, persister, resources, transport, peerClient: { get: getFromPeer, download: downloadFromPeer }, log: log.child({ part: 'cluster' }) });
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
        const again = await loadDataDir(config.dataDir, fresh, { threads: config.loadThreads });
        catalog.adopt(fresh);
        report.failures = again.failures;
        cluster.digest.reset(catalog);
        log.info({ objects: again.objects, failures: again.failures.length }, 'catalog reloaded from the data directory');
      },
      reset: () => undefined,
      cluster: { props, status: () => cluster.status.status(), resync: (opts) => cluster.resync.run(opts) },
    };
    const restLatency = new Histogram('geocluster_rest_request_seconds', 'REST requests by route, method and status, and how long each took', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    const metrics = () =>
      family('geocluster_load_seconds', 'How long loading the data directory took at start', 'gauge', [{ value: report.millis / 1000 }]) +
      family('geocluster_load_failures', 'Files skipped while loading the data directory', 'gauge', [{ value: report.failures.length }]) +
      cluster.renderMetrics() +
      restLatency.render();
    const http = new HttpServer({
      host: config.host,
      port: config.port,
      maxBodyBytes: config.maxBodyBytes,
      router: restApi(ctx),
      auth,
      log: log.child({ part: 'http' }),
      commit: ctx.commit,
      extra: (req, res) => cluster.endpoints.handle(req, res),
      observe: (route, method, status, seconds) => restLatency.observe({ route, method, status: String(status) }, seconds),
      metrics,
    });
    const port = await http.listen();
    const url = props.settings.advertisedURL || `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}/geoserver`;
    await cluster.start({ url, port });
    log.info({ port, host: config.host, url: `${url}/rest`, instanceName: props.settings.instanceName, transport: transport.kind }, 'listening');
    return new GeoClusterNode(config, log, catalog, persister, report, http, port, cluster);
  }

  async close(): Promise<void> {
    await this.http.close();
    await this.cluster.close();
    this.persister.flush();
  }
}
