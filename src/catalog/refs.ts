import { asList, isXObject, type XValue } from '../xml/tree.js';
import { IN_WORKSPACE, RESOURCE_KINDS, RESOURCE_TYPES, isResourceType, type InfoType } from './kinds.js';
import { refId, type Info } from './types.js';

/** One reference held by an object: where it sits, what it may point at, and the id. */
export interface HeldRef {
  field: string;
  targets: readonly InfoType[];
  id: string;
}

const LAYER_TARGETS = ['layer'] as const;
const GROUP_TARGETS = ['layerGroup'] as const;
const STYLE_TARGETS = ['style'] as const;

/** The references an object holds, as GeoServer writes them (`<x><id>…</id></x>`). */
export function refsOf(type: InfoType, info: Info): HeldRef[] {
  const out: HeldRef[] = [];
  const one = (field: string, targets: readonly InfoType[], value: XValue | undefined) => {
    const id = refId(value);
    if (id !== undefined) out.push({ field, targets, id });
  };
  if (IN_WORKSPACE.has(type)) one('workspace', ['workspace'], info.workspace);
  if (type === 'defaults') {
    one('defaultWorkspace', ['workspace'], info.defaultWorkspace);
    one('defaultNamespace', ['namespace'], info.defaultNamespace);
  }
  if (isResourceType(type)) {
    one('namespace', ['namespace'], info.namespace);
    one('store', [RESOURCE_KINDS[type].store], info.store);
  }
  if (type === 'layer') {
    one('resource', RESOURCE_TYPES, info.resource);
    one('defaultStyle', STYLE_TARGETS, info.defaultStyle);
    for (const s of listIn(info.styles, 'style')) one('styles', STYLE_TARGETS, s);
  }
  if (type === 'layerGroup') {
    for (const p of publishedOf(info)) one('publishables', p.type === 'layerGroup' ? GROUP_TARGETS : LAYER_TARGETS, p.value);
    for (const s of listIn(info.styles, 'style')) one('styles', STYLE_TARGETS, s);
    one('rootLayer', LAYER_TARGETS, info.rootLayer);
    one('rootLayerStyle', STYLE_TARGETS, info.rootLayerStyle);
  }
  return out;
}

/** Items of a wrapped list such as `<styles><style>…</style></styles>`. */
export function listIn(wrapper: XValue | undefined, item: string): XValue[] {
  if (!isXObject(wrapper)) return [];
  return asList(wrapper[item]);
}

/** The published entries of a layer group, with their declared type (layer or layerGroup). */
export function publishedOf(info: Info): Array<{ type: string; value: XValue }> {
  return listIn(info.publishables, 'published').map((value) => ({
    type: isXObject(value) && typeof value['@type'] === 'string' ? value['@type'] : 'layer',
    value,
  }));
}

/** The ids of the members of a layer group, for walking nested groups. */
export function memberIds(group: Info): string[] {
  return listIn(group.publishables, 'published').map((p) => refId(p)).filter((id): id is string => id !== undefined);
}
