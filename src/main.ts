import * as fs from 'node:fs';
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
import { AdminAuth } from './rest/auth.js';
import type { RestContext } from './rest/context.js';
import { HttpServer } from './rest/server.js';
import { BruteForceGuard } from './security/brute-force.js';
import { wellKnownPasswordWarnings } from './security/well-known.js';

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

  static async start(config: NodeConfig, log: Logger): Promise<GeoClusterNode> {
    if (initDataDir(config.dataDir)) log.info({ dataDir: config.dataDir }, 'initialised a new data directory');
    const { props, notes, generatedSecret } = ClusterProperties.load({ dataDir: config.dataDir, env: config.env });
    for (const note of notes) log.info({ part: 'cluster' }, note);
    if (generatedSecret) printSecretOnce(generatedSecret, props.file);
    // made first: whether the cluster refuses this node guards every local change
    const transport = new TransportLifecycle((ports) => createTransport(ports, log.child({ part: 'transport' })));
    const localGuard = localChangeGuard(() => props.settings, transport);
    const catalog = new Catalog({ localGuard });
    const report = await loadDataDir(config.dataDir, catalog, { threads: config.loadThreads });
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
    // the users whose password anyone can guess: reported at start and in the cluster status
    const securityWarnings = () => wellKnownPasswordWarnings([{ user: config.adminUser, password: config.adminPassword }]);
    for (const warning of securityWarnings()) log.warn({ part: 'security' }, warning);
    const resources = new ResourceStore(config.dataDir, persister, { localGuard });
    const cluster = new ClusterNode({ props, catalog, persister, resources, transport, log: log.child({ part: 'cluster' }) });
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
      cluster: { props, status: () => withWarnings(cluster.status.status(), securityWarnings()) },
    };
    const tls = config.tls && { cert: fs.readFileSync(config.tls.cert), key: fs.readFileSync(config.tls.key), ca: config.tls.clientCA ? fs.readFileSync(config.tls.clientCA) : undefined };
    const http = new HttpServer({
      tls,
      host: config.host,
      port: config.port,
      maxBodyBytes: config.maxBodyBytes,
      router: restApi(ctx),
      auth,
      guard: new BruteForceGuard({ log: log.child({ part: 'security' }) }),
      log: log.child({ part: 'http' }),
      commit: ctx.commit,
      extra: (req, res) => cluster.endpoints.handle(req, res),
    });
    const port = await http.listen();
    const scheme = tls ? 'https' : 'http';
    const url = props.settings.advertisedURL || `${scheme}://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}/geoserver`;
    await cluster.start({ url, port, tls });
    log.info({ port, host: config.host, url: `${url}/rest`, instanceName: props.settings.instanceName, transport: transport.kind }, 'listening');
    return new GeoClusterNode(config, log, catalog, persister, report, http, port, cluster);
  }

  async close(): Promise<void> {
    await this.http.close();
    await this.cluster.close();
    this.persister.flush();
  }
}

/** This node's entry of the cluster status with the security warnings the UI shows. */
function withWarnings<S extends { node: object }>(status: S, warnings: string[]): S {
  return { ...status, node: { ...status.node, warnings } };
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
