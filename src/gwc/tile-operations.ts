/**
 * The GWC REST operations that act on tiles or on a running cache, which a node that holds only
 * configuration cannot perform. They are answered with 501 and a message saying why, whatever the
 * body, and change nothing. Paths are relative to /geoserver; `{…}` is one path segment, which may
 * carry a .xml/.json extension.
 */
export interface TileOperation {
  methods: readonly string[];
  path: string;
  /** What the operation does, for the message. */
  what: string;
  /** GWC's controller (or the spec, where no controller was found), for the record. */
  source: string;
}

export const TILE_OPERATION_STATUS = 501;

export const TILE_OPERATIONS: readonly TileOperation[] = [
  { methods: ['GET', 'POST'], path: '/gwc/rest/seed', what: 'listing or stopping seed and truncate tasks', source: 'SeedController' },
  { methods: ['GET', 'POST'], path: '/gwc/rest/seed/{layer}', what: 'seeding, reseeding or truncating tiles', source: 'SeedController' },
  { methods: ['GET', 'POST'], path: '/gwc/rest/masstruncate', what: 'mass truncation of tiles', source: 'MassTruncateController' },
  { methods: ['GET'], path: '/gwc/rest/statistics', what: 'in-memory tile cache statistics', source: 'reference/geoserver-rest-openapi/gwcmemorycachestatistics.yaml' },
  { methods: ['GET'], path: '/gwc/rest/bounds/{layer}/{srs}/{type}', what: 'tile bounds of a layer', source: 'BoundsController' },
  { methods: ['POST'], path: '/gwc/rest/filter/{filter}/update/{type}', what: 'updating a raster filter from tiles', source: 'FilterUpdateController' },
];

export function tileOperationMessage(what: string): string {
  return `This node holds GeoWebCache's configuration only, not tiles: ${what} is not possible here. Send the request to the GeoServer that serves the tiles.`;
}

/** The refusal for a request, if it is one of the tile operations. */
export function refusedTileOperation(method: string, path: string): { status: number; message: string } | undefined {
  const segments = path.replace(/\/+$/, '').split('/');
  for (const op of TILE_OPERATIONS) {
    if (matches(op.path.split('/'), segments) && op.methods.includes(method.toUpperCase())) {
      return { status: TILE_OPERATION_STATUS, message: tileOperationMessage(op.what) };
    }
  }
  return undefined;
}

function matches(pattern: string[], segments: string[]): boolean {
  if (pattern.length !== segments.length) return false;
  return pattern.every((p, i) => {
    const s = segments[i];
    if (p.startsWith('{')) return s !== '';
    // the last fixed segment may carry a format extension, as in /seed.json or /masstruncate.xml
    return s === p || (i === pattern.length - 1 && /^\.(xml|json|html)$/.test(s.slice(p.length)) && s.startsWith(p));
  });
}
