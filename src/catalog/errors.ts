/**
 * Every refusal of the catalog (and of the data directory files it governs) is a CatalogError with
 * a stable code. Each code keeps its meaning: the REST API maps codes to GeoServer's status codes
 * in one place (rest/errors.ts, listed in docs/errors.md); the UI, a bridge and the CLI read the
 * same codes. The message is what the user reads.
 */
export const CATALOG_ERROR_CODES = {
  not_found: 'the object, or one it names, does not exist',
  duplicate: 'the name is taken in its scope, or the object or file already exists',
  in_use: 'other objects still refer to it, or it still holds objects',
  invalid: 'a field is missing or has a value the rules refuse',
  bad_name: 'a name that could not safely become a path or a qualified name',
  dangling_reference: 'a reference, by id or by name, to an object that does not exist',
  protected: 'a default style, a reserved name, or a file the catalog or the cluster owns',
  read_only: 'this node does not accept local changes',
  immutable: 'a field that cannot change once the object exists (its name, its workspace) was changed',
  scope_mismatch: 'the body names another workspace, namespace or store than the one the request addresses',
  unsupported: 'something GeoServer offers that this node does not',
  conflict: 'the change cannot be made over what exists: a file where a folder must be, a folder moved into itself',
} as const;

export type CatalogErrorCode = keyof typeof CATALOG_ERROR_CODES;

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
