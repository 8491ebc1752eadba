/**
 * The tile formats GWC knows (MimeType.createFromFormat over ImageMime, XMLMime, TextMime and
 * ApplicationMime): a tile layer can only cache these. Image formats are matched ignoring case,
 * as ImageMime.checkForFormat does.
 */
const IMAGE = ['image/png', 'image/jpeg', 'image/gif', 'image/tiff', 'image/png8', 'image/png24', 'image/png; mode=24bit',
  'image/png;%20mode=24bit', 'image/vnd.jpeg-png', 'image/vnd.jpeg-png8'];
const OTHER = ['application/vnd.ogc.se_xml', 'application/vnd.google-earth.kml+xml', 'application/vnd.google-earth.kmz',
  'application/vnd.ogc.gml', 'application/vnd.ogc.gml/3.1.1', 'text/plain', 'text/html', 'text/mapml', 'text/xml', 'text/css',
  'text/javascript', 'application/bil16', 'application/bil32', 'application/json', 'application/json;type=topojson',
  'application/json;type=geojson', 'application/json;type=utfgrid', 'application/vnd.mapbox-vector-tile'];

export const KNOWN_FORMATS: readonly string[] = [...IMAGE, ...OTHER];

export function isKnownFormat(format: string): boolean {
  if (format.toLowerCase().startsWith('image/')) return IMAGE.includes(format.toLowerCase());
  return OTHER.includes(format);
}
