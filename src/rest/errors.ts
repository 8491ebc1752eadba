import { CatalogError, type CatalogErrorCode } from '../catalog/errors.js';
import type { InfoType } from '../catalog/kinds.js';
import { ClusterConfigError } from '../config/cluster-properties.js';
import { RestError } from './http.js';

/**
 * The one place where refusals become HTTP. A RestError is an HTTP-level refusal (path, method,
 * format, authentication, size, a body that cannot be read) and keeps its status. A CatalogError
 * maps by its code, unless GeoServer's controller for that kind and method answers otherwise
 * (GEOSERVER_STATUS: a duplicate workspace is 409 but a duplicate store 500, say). Bodies are
 * plain text. docs/errors.md lists both tables; test/rest/errors.test.ts keeps it in step.
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
  immutable: 403,
  scope_mismatch: 403,
  unsupported: 400,
  conflict: 409,
};

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type StatusOverrides = Partial<Record<CatalogErrorCode, number>>;
export type EndpointStatus = Partial<Record<Method, StatusOverrides>>;

const CREATE_AND_CHANGE_500: EndpointStatus = { POST: { duplicate: 500 }, PUT: { duplicate: 500 } };

/**
 * GeoServer's own statuses, by the kind an endpoint serves (its controller) and method, where they
 * differ from STATUS_OF_CODE. Most are CatalogImpl.validate's IllegalArgumentException, which
 * GeoServer answers with 500 (NamespaceTest, DataStoreControllerTest, CoverageStoreControllerTest,
 * WMSStoreTest, WMTSStoreTest, FeatureTypeControllerTest, LayerControllerTest,
 * LayerGroupControllerTest, StyleControllerTest, SettingsControllerTest).
 */
export const GEOSERVER_STATUS: { readonly [K in InfoType]?: EndpointStatus } = {
  workspace: { PUT: { invalid: 403 } },
  namespace: { ...CREATE_AND_CHANGE_500, DELETE: { in_use: 401, protected: 405 } },
  dataStore: CREATE_AND_CHANGE_500,
  coverageStore: { ...CREATE_AND_CHANGE_500, DELETE: { in_use: 401 } },
  wmsStore: { ...CREATE_AND_CHANGE_500, DELETE: { in_use: 401 } },
  wmtsStore: { ...CREATE_AND_CHANGE_500, DELETE: { in_use: 401 } },
  featureType: CREATE_AND_CHANGE_500,
  coverage: CREATE_AND_CHANGE_500,
  wmsLayer: CREATE_AND_CHANGE_500,
  wmtsLayer: CREATE_AND_CHANGE_500,
  layer: { DELETE: { in_use: 500 } },
  layerGroup: { ...CREATE_AND_CHANGE_500, DELETE: { in_use: 500 } },
  style: { POST: { duplicate: 403 }, PUT: { duplicate: 403, protected: 500 }, DELETE: { protected: 500 } },
  settings: { POST: { duplicate: 500 } },
  // /rest/security (docs/security-rest.md): GeoServer answers a duplicate with 404 (its
  // IllegalArgumentException handler); the ACL controllers answer 422 and 409
  securityUser: { POST: { duplicate: 404 } },
  securityGroup: { POST: { duplicate: 404 } },
  securityRole: { POST: { duplicate: 404 } },
  dataAccessRule: { POST: { invalid: 422, duplicate: 409 }, PUT: { invalid: 422, not_found: 409 }, DELETE: { invalid: 422 } },
  catalogMode: { PUT: { invalid: 422 } },
};

/** The statuses that differ for the endpoints serving `kind` with `method`. */
export function statusOverrides(kind: InfoType | undefined, method: string): StatusOverrides {
  return (kind && GEOSERVER_STATUS[kind]?.[method as Method]) ?? {};
}

export function toRestError(err: unknown, overrides: StatusOverrides = {}): RestError {
  if (err instanceof RestError) return err;
  if (err instanceof CatalogError) return new RestError(overrides[err.code] ?? STATUS_OF_CODE[err.code], err.message, { cause: err });
  if (err instanceof ClusterConfigError) return new RestError(err.code === 'io' ? 500 : 400, err.message, { cause: err });
  return new RestError(500, err instanceof Error ? err.message : String(err), { cause: err });
}
