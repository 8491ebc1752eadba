import { CatalogError, type CatalogErrorCode } from '../catalog/errors.js';
import { RestError, text, type RestResponse } from './http.js';

/**
 * The one place where refusals become HTTP: a RestError keeps its status; a CatalogError maps by
 * its code, unless the endpoint names GeoServer's own status for that case (GeoServer answers a
 * duplicate workspace with 409 but a duplicate store with 500, say). Bodies are plain text.
 */
export const STATUS_OF_CODE: Record<CatalogErrorCode, number> = {
  not_found: 404,
  duplicate: 409,
  in_use: 403,
  invalid: 400,
  bad_name: 400,
  dangling_reference: 400,
  protected: 403,
  read_only: 403,
};

export type StatusOverrides = Partial<Record<CatalogErrorCode, number>>;

export function toRestError(err: unknown, overrides: StatusOverrides = {}): RestError {
  if (err instanceof RestError) return err;
  if (err instanceof CatalogError) return new RestError(overrides[err.code] ?? STATUS_OF_CODE[err.code], err.message, { cause: err });
  return new RestError(500, err instanceof Error ? err.message : String(err), { cause: err });
}

/** Runs a catalog step and maps its refusal with the endpoint's GeoServer statuses. */
export function mapped<T>(overrides: StatusOverrides, step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw toRestError(err, overrides);
  }
}

export function errorResponse(err: RestError, quiet: boolean): RestResponse {
  if (quiet && err.status === 404) return { status: 404 };
  return text(err.status, err.message);
}
