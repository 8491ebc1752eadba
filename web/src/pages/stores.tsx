import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { listOf, restPath } from '../api.js';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { CatalogLayout, useEditor } from '../parts/catalog-layout.js';
import { DeleteButton } from '../parts/delete-button.js';
import { EditGuard } from '../parts/edit-guard.js';
import { AreaField, CheckField, ErrorText, FormActions, Panel, Saved, SelectField, TextField } from '../parts/fields.js';
import { PagedList } from '../parts/paged-list.js';
import { NameChoices } from '../parts/workspace-choices.js';
import { navigate, pageUrl, type Place } from '../router.js';

/** The four kinds of store: REST collection, JSON root, label. */
export const STORE_KINDS: Array<[string, string, string]> = [
  ['datastores', 'dataStore', 'Data store (vector)'],
  ['coveragestores', 'coverageStore', 'Coverage store (raster)'],
  ['wmsstores', 'wmsStore', 'Cascaded WMS'],
  ['wmtsstores', 'wmtsStore', 'Cascaded WMTS'],
];

const rootOf = (collection: string) => STORE_KINDS.find(([c]) => c === collection)?.[1] ?? 'dataStore';
const labelOf = (collection?: string) => STORE_KINDS.find(([c]) => c === collection)?.[2] ?? '';

/** Stores: /rest/workspaces/{ws}/datastores, coveragestores, wmsstores, wmtsstores. */
export function StoresPage(p: { place: Place }): JSX.Element {
  const edit = p.place.params.get('edit') ?? undefined;
  const creating = p.place.params.get('new') === '1';
  const [reload, setReload] = useState(0);
  const done = (path?: string) => {
    setReload((n) => n + 1);
    navigate(pageUrl('stores', { edit: path }), true);
  };
  const columns = [
    { head: 'Kind', cell: (h: { collection?: string }) => labelOf(h.collection) },
    { head: 'Workspace', cell: (h: { workspace?: string }) => h.workspace ?? '' },
  ];
  const list = <PagedList type="stores" label="Stores" columns={columns} linkOf={(h) => pageUrl('stores', { edit: h.path })} selected={edit} reload={reload} />;
  const editor = creating ? <StoreEditor onDone={done} /> : edit ? <StoreEditor key={edit} path={edit} onDone={done} /> : undefined;
  return <CatalogLayout page="stores" newLabel="New store" list={list} editor={editor} />;
}

interface StoreForm {
  workspace: string;
  collection: string;
  name: string;
  description: string;
  enabled: boolean;
  /** Data stores: `key=value` lines. */
  params: string;
  /** Coverage stores: format and file URL. */
  type: string;
  url: string;
  /** Cascaded WMS/WMTS. */
  capabilitiesURL: string;
}

const EMPTY: StoreForm = { workspace: '', collection: 'datastores', name: '', description: '', enabled: true, params: '', type: 'GeoTIFF', url: '', capabilitiesURL: '' };

type StoreJson = Record<string, unknown> & { name: string; connectionParameters?: { entry?: unknown } };

function toForm(collection: string, workspace: string, v: StoreJson): StoreForm {
  const entries = listOf<{ '@key': string; $?: string }>(v.connectionParameters?.entry);
  return {
    ...EMPTY,
    workspace,
    collection,
    name: v.name,
    description: String(v.description ?? ''),
    enabled: String(v.enabled ?? 'true') === 'true',
    params: entries.map((e) => `${e['@key']}=${e.$ ?? ''}`).join('\n'),
    type: String(v.type ?? 'GeoTIFF'),
    url: String(v.url ?? ''),
    capabilitiesURL: String(v.capabilitiesURL ?? ''),
  };
}

function toJson(f: StoreForm): Record<string, unknown> {
  const body: Record<string, unknown> = { name: f.name, description: f.description, enabled: f.enabled };
  if (f.collection === 'datastores') {
    const entry = f.params.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const eq = l.indexOf('=');
      return eq < 0 ? { '@key': l, $: '' } : { '@key': l.slice(0, eq).trim(), $: l.slice(eq + 1).trim() };
    });
    body.connectionParameters = { entry };
  }
  if (f.collection === 'coveragestores') Object.assign(body, { type: f.type, url: f.url });
  if (f.collection === 'wmsstores' || f.collection === 'wmtsstores') body.capabilitiesURL = f.capabilitiesURL;
  return { [rootOf(f.collection)]: body };
}

/** Path segments of a store path: /workspaces/{ws}/{collection}/{name}. */
function partsOf(path: string): { workspace: string; collection: string } {
  const [, , ws, collection] = path.split('/');
  return { workspace: decodeURIComponent(ws ?? ''), collection: collection ?? 'datastores' };
}

function StoreEditor(p: { path?: string; onDone: (path?: string) => void }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const where = p.path ? partsOf(p.path) : undefined;
  const loaded = useEditor<StoreJson, StoreForm>(p.path ?? '', where ? rootOf(where.collection) : '', (v) => toForm(where!.collection, where!.workspace, v));
  const [draft, setDraft] = useState<StoreForm>(EMPTY);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const wsList = useId();
  const form = p.path ? loaded.form : draft;
  const set = (patch: Partial<StoreForm>) => (p.path ? loaded.set(patch) : setDraft({ ...draft, ...patch }));
  if (!form) return <Panel title="Store">{loaded.error ? <ErrorText error={loaded.error} /> : <p class="loading">Loading…</p>}</Panel>;

  const save = async () => {
    await attempt(setError, async () => {
      const target = restPath('workspaces', form.workspace, form.collection, form.name);
      if (p.path) await api.rest('PUT', p.path, { json: toJson(form) });
      else await api.rest('POST', restPath('workspaces', form.workspace, form.collection), { json: toJson(form) });
      loaded.reset();
      live.refresh();
      setSaved('Saved.');
      if (target !== p.path) p.onDone(target);
    });
  };
  const remove = async (recurse: boolean) => {
    await attempt(setError, async () => {
      await api.rest('DELETE', `${p.path}${recurse ? '?recurse=true' : ''}`);
      live.refresh();
      p.onDone();
    });
  };
  const title = p.path ? `Store ${form.workspace}:${loaded.value?.name ?? ''}` : 'New store';
  return (
    <Panel title={title} actions={p.path && <DeleteButton what={`store ${form.name}`} recurseLabel="and its layers" onDelete={remove} />}>
      <EditGuard onSubmit={save} label={title}>
        {!p.path && (
          <>
            <TextField label="Workspace" value={form.workspace} onInput={(workspace) => set({ workspace })} list={wsList} required />
            <NameChoices id={wsList} type="workspaces" typed={form.workspace} />
            <SelectField label="Kind" value={form.collection} onChange={(collection) => set({ collection })} options={STORE_KINDS.map(([c, , l]) => [c, l])} />
          </>
        )}
        {p.path && <p class="muted">{labelOf(form.collection)} in workspace {form.workspace}</p>}
        <TextField label="Name" value={form.name} onInput={(name) => set({ name })} required />
        <TextField label="Description" value={form.description} onInput={(description) => set({ description })} />
        <CheckField label="Enabled" checked={form.enabled} onChange={(enabled) => set({ enabled })} />
        {form.collection === 'datastores' && (
          <AreaField label="Connection parameters" value={form.params} onInput={(params) => set({ params })} rows={5} hint="One key=value a line, e.g. dbtype=postgis" />
        )}
        {form.collection === 'coveragestores' && (
          <>
            <SelectField label="Format" value={form.type} onChange={(type) => set({ type })} options={['GeoTIFF', 'WorldImage', 'ImageMosaic', 'ImagePyramid', 'ArcGrid', 'NetCDF']} />
            <TextField label="URL" value={form.url} onInput={(url) => set({ url })} hint="e.g. file:data/dem.tif" />
          </>
        )}
        {(form.collection === 'wmsstores' || form.collection === 'wmtsstores') && (
          <TextField label="Capabilities URL" value={form.capabilitiesURL} onInput={(capabilitiesURL) => set({ capabilitiesURL })} />
        )}
        <ErrorText error={error} />
        <Saved message={loaded.dirty ? undefined : saved} />
        {p.path ? <FormActions dirty={loaded.dirty} onUndo={loaded.reset} /> : <FormActions onCancel={() => p.onDone()} />}
      </EditGuard>
    </Panel>
  );
}
