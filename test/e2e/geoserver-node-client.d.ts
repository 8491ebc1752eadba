/* eslint-disable @typescript-eslint/no-explicit-any */
// The parts of geoserver-node-client (an untyped ESM package) that the e2e test drives.
declare module 'geoserver-node-client' {
  type Api = Record<string, (...args: any[]) => Promise<any>>;
  export class GeoServerRestClient {
    constructor(url: string, user: string, password: string);
    about: Api;
    resetReload: Api;
    settings: Api;
    workspaces: Api;
    namespaces: Api;
    datastores: Api;
    layers: Api;
    styles: Api;
    layergroups: Api;
    security: Api;
  }
  export class GeoServerResponseError extends Error {
    geoServerOutput: string;
  }
}
