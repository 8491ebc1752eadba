/**
 * Every refusal of the catalog is a CatalogError with a stable code. The REST layer maps codes to
 * GeoServer's status codes in one place; the message is what the user reads.
 */
export type CatalogErrorCode =
  | 'not_found' // the object (or something it names) does not exist
  | 'duplicate' // the name is taken in its scope
  | 'in_use' // other objects still refer to it
  | 'invalid' // a field is missing or has a wrong value
  | 'bad_name' // a name that could not safely become a path or a qualified name
  | 'dangling_reference' // a reference to an id that does not exist
  | 'protected' // a default style, a reserved name
  | 'read_only'; // this node does not accept local changes

export class CatalogError extends Error {
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CatalogError';
  }
}

export function fail(code: CatalogErrorCode, message: string): never {
  throw new CatalogError(code, message);
}
