import { basicEndpoint } from '../bridge/rest-endpoint.js';
import { seedFromGeoServer, type SeedReport } from '../bridge/seed.js';
import type { ImportConfig } from '../config/import-config.js';
import { askPassword } from './client.js';
import { UsageError } from './errors.js';
import { Progress } from './progress.js';

const PHASES = { 'read-source': 'reading the GeoServer', 'read-target': 'reading the node', write: 'writing into the node' } as const;

/**
 * `geocluster import --from URL`: seeds an empty cluster from a running GeoServer through REST
 * (src/bridge/seed.ts, docs/bridge-import.md) and prints what it imported per kind and what it
 * could not import, with the reason. Some objects not imported: exit code 1.
 */
export async function importCommand(config: ImportConfig, opts: { force: boolean; json: boolean }, out: (s: string) => void): Promise<void> {
  if (!/^https?:\/\/[^/]/.test(config.source.url)) throw new UsageError(`import needs --from with the GeoServer's base URL, such as http://127.0.0.1:8080/geoserver (got '${config.source.url}')`);
  const sourcePassword = config.source.password ?? (await askPassword(`${config.source.user} at ${config.source.url}`));
  const targetPassword = config.target.password ?? (await askPassword(`${config.target.user} at ${config.target.url}`));
  const source = basicEndpoint(config.source.url, config.source.user, sourcePassword);
  const target = basicEndpoint(config.target.url, config.target.user, targetPassword);
  let progress: Progress | undefined;
  let report: SeedReport;
  try {
    report = await seedFromGeoServer(source, target, {
      force: opts.force,
      phase: (what, detail) => {
        progress?.stop();
        progress = new Progress(`${PHASES[what]} (${detail})`);
      },
    });
  } finally {
    progress?.stop();
  }
  if (opts.json) out(JSON.stringify({ import: report }, null, 2) + '\n');
  else printReport(report, out);
  if (report.failures.length > 0) process.exitCode = 1;
}

function printReport(report: SeedReport, out: (s: string) => void): void {
  out(`${'kind'.padEnd(16)} ${'read'.padStart(7)} ${'written'.padStart(8)}\n`);
  for (const [family, n] of Object.entries(report.read)) out(`${family.padEnd(16)} ${String(n).padStart(7)} ${String(report.written[family] ?? 0).padStart(8)}\n`);
  out(`${report.unchanged} already the same on the node\n`);
  if (report.failures.length === 0) return out('every object was imported\n');
  out(`${report.failures.length} not imported:\n`);
  for (const f of report.failures) out(`  ${f.path}: ${f.reason}\n`);
}
