/** The value after `name` on the benchmark's command line, if given. */
export function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The number after `name` on the command line, else `dflt`. */
export function numberOption(name: string, dflt: number): number {
  const value = option(name);
  return value === undefined ? dflt : Number(value);
}
