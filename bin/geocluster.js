#!/usr/bin/env node
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2))).catch((err) => {
  // only reached when the build is missing or broken: main() reports its own failures
  console.error(`geocluster: ${err?.message ?? String(err)}`);
  process.exit(1);
});
