import { Catalog } from './catalog/catalog.js';
import type { NodeConfig } from './config/node-config.js';
import { initDataDir } from './datadir/fresh.js';
import { loadDataDir, type LoadReport } from './datadir/loader.js';
import { DataDirPersister } from './datadir/persister.js';
import { ResourceStore } from './datadir/resources.js';
import type { Logger } from './logger.js';
import { restApi } from './rest/api.js';
import { AdminAuth } from './rest/auth.js';
import type { RestContext } from './rest/context.js';
import { HttpServer } from './rest/server.js';

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
  ) {}

  static async start(config: NodeConfig, log: Logger): Promise<GeoClusterNode> {
    if (initDataDir(config.dataDir)) log.info({ dataDir: config.dataDir }, 'initialised a new data directory');
    const catalog = new Catalog();
    const report = await loadDataDir(config.dataDir, catalog, { threads: config.loadThreads });
    for (const f of report.failures) log.warn({ file: f.path, element: f.element }, `skipped while loading: ${f.message}`);
    log.info({ dataDir: config.dataDir, objects: report.objects, files: report.files, failures: report.failures.length, ms: Math.round(report.millis) }, 'data directory loaded');
    const persister = new DataDirPersister(config.dataDir, catalog);
    persister.attach();
    const { auth, generated } = AdminAuth.init(config.dataDir, config.adminUser, config.adminPassword);
    if (generated) {
      process.stdout.write(
        `\n  geocluster generated a password for the REST admin user '${config.adminUser}': ${generated}\n` +
          `  It is shown only this once; only its hash is kept. Set GEOSERVER_ADMIN_PASSWORD to choose your own.\n\n`,
      );
    }
    const ctx: RestContext = {
      catalog,
      dataDir: config.dataDir,
      persister,
      resources: new ResourceStore(config.dataDir, persister),
      log: log.child({ part: 'rest' }),
      commit: async () => persister.flush(),
      reload: async () => {
        // GeoServer's reload re-reads the data directory; it is not a change, so it publishes nothing
        persister.flush();
        catalog.clear();
        const again = await loadDataDir(config.dataDir, catalog, { threads: config.loadThreads });
        report.failures = again.failures;
        log.info({ objects: again.objects, failures: again.failures.length }, 'catalog reloaded from the data directory');
      },
      reset: () => undefined,
    };
    const http = new HttpServer({
      host: config.host,
      port: config.port,
      maxBodyBytes: config.maxBodyBytes,
      router: restApi(ctx),
      auth,
      log: log.child({ part: 'http' }),
      commit: ctx.commit,
    });
    const port = await http.listen();
    log.info({ port, host: config.host, url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/geoserver/rest` }, 'listening');
    return new GeoClusterNode(config, log, catalog, persister, report, http, port);
  }

  async close(): Promise<void> {
    await this.http.close();
    this.persister.flush();
  }
}
