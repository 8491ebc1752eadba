/**
 * A security file of the data directory that cannot be read as GeoServer writes it. The message
 * names the file and the element (or properties key) so an operator can fix it by hand; refusals
 * of a change (duplicate, unknown role, last administrator) are CatalogErrors with stable codes,
 * mapped to HTTP in src/rest/errors.ts like every other refusal.
 */
export class SecurityFileError extends Error {
  constructor(
    readonly file: string,
    readonly element: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${element ? `, <${element}>` : ''}: ${message}`, options);
    this.name = 'SecurityFileError';
  }
}
