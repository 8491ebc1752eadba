import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { listOf, REST, restPath } from '../api.js';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { CatalogLayout, useEditor } from '../parts/catalog-layout.js';
import { DeleteButton } from '../parts/delete-button.js';
import { EditGuard } from '../parts/edit-guard.js';
import { AreaField, CheckField, ErrorText, FormActions, Panel, Saved, TextField } from '../parts/fields.js';
import { PagedList } from '../parts/paged-list.js';
import { StyleList } from '../parts/style-list.js';
import { NameChoices } from '../parts/workspace-choices.js';
import { navigate, pageUrl, type Place } from '../router.js';
import type { SearchHit, SearchPage } from '../types.js';

/** Layers: /rest/layers (the layer: styles) and its resource (feature type or coverage: title, SRS). */
export function LayersPage(p: { place: Place }): JSX.Element {
  const edit = p.place.params.get('edit') ?? undefined;
  const creating = p.place.params.get('new') === '1';
  const [reload, setReload] = useState(0);
  const done = (path?: string) => {
    setReload((n) => n + 1);
    navigate(pageUrl('layers', { edit: path }), true);
  };
  const columns = [
    { head: 'Workspace', cell: (h: SearchHit) => h.workspace ?? '' },
    { head: 'Store', cell: (h: SearchHit) => decodeURIComponent(h.resource?.split('/')[4] ?? '') },
  ];
  const list = <PagedList type="layers" label="Layers" columns={columns} linkOf={(h) => pageUrl('layers', { edit: h.path })} selected={edit} reload={reload} />;
  const editor = creating ? <NewLayer onDone={done} /> : edit ? <LayerEditor key={edit} path={edit} onDone={done} /> : undefined;
  return <CatalogLayout page="layers" newLabel="New layer" list={list} editor={editor} />;
}

interface LayerJson {
  name: string;
  enabled?: boolean | string;
  defaultStyle?: { name?: string };
  styles?: { style?: unknown };
  resource?: { '@class'?: string; name?: string; href?: string };
}

interface LayerForm {
  defaultStyle: string;
  styles: string[];
  enabled: boolean;
}

const toLayerForm = (v: LayerJson): LayerForm => ({
  defaultStyle: v.defaultStyle?.name ?? '',
  styles: listOf<{ name: string }>(v.styles?.style).map((s) => s.name),
  enabled: String(v.enabled ?? 'true') === 'true',
});

/** The REST path of a reference's href (`http://host/geoserver/rest/a/b.json` → `/a/b`). */
function pathOfHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const i = href.indexOf(REST);
  return i < 0 ? undefined : href.slice(i + REST.length).replace(/\.json$/, '');
}

function LayerEditor(p: { path: string; onDone: (path?: string) => void }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const layer = useEditor<LayerJson, LayerForm>(p.path, 'layer', toLayerForm);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const styleChoices = useId();
  const resourcePath = pathOfHref(layer.value?.resource?.href);
  const form = layer.form;
  if (!form) return <Panel title="Layer">{layer.error ? <ErrorText error={layer.error} /> : <p class="loading">Loading…</p>}</Panel>;
  const save = async () => {
    await attempt(setError, async () => {
      const body = { layer: { defaultStyle: { name: form.defaultStyle }, styles: { style: form.styles.map((name) => ({ name })) }, enabled: form.enabled } };
      await api.rest('PUT', p.path, { json: body });
      layer.reset();
      live.refresh();
      setSaved('Saved.');
    });
  };
  const remove = async (recurse: boolean) => {
    await attempt(setError, async () => {
      // the layer alone, or with its feature type or coverage (which takes the layer with it)
      await api.rest('DELETE', recurse && resourcePath ? `${resourcePath}?recurse=true` : p.path);
      live.refresh();
      p.onDone();
    });
  };
  const name = layer.value?.resource?.name ?? layer.value?.name ?? '';
  return (
    <div class="stack">
      <Panel title={`Layer ${name}`} actions={<DeleteButton what={`layer ${name}`} recurseLabel="and its feature type or coverage" onDelete={remove} />}>
        <EditGuard onSubmit={save} label="Edit layer">
          <TextField label="Default style" value={form.defaultStyle} onInput={(defaultStyle) => layer.set({ defaultStyle })} list={styleChoices} required />
          <NameChoices id={styleChoices} type="styles" typed={form.defaultStyle} />
          <StyleList label="Other styles" names={form.styles} onChange={(styles) => layer.set({ styles })} />
          <CheckField label="Enabled" checked={form.enabled} onChange={(enabled) => layer.set({ enabled })} />
          <ErrorText error={error ?? layer.error} />
          <Saved message={layer.dirty ? undefined : saved} />
          <div class="actions">
            <button type="submit" class="primary" disabled={!layer.dirty}>
              Save layer
            </button>
            <button type="button" disabled={!layer.dirty} onClick={layer.reset}>
              Undo changes
            </button>
          </div>
        </EditGuard>
      </Panel>
      {resourcePath && <ResourceEditor key={resourcePath} path={resourcePath} root={layer.value?.resource?.['@class'] ?? 'featureType'} />}
    </div>
  );
}

interface ResourceForm {
  title: string;
  abstract: string;
  srs: string;
  enabled: boolean;
}

/** The layer's feature type or coverage: what GeoServer's layer page calls "Data". */
function ResourceEditor(p: { path: string; root: string }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const res = useEditor<Record<string, unknown>, ResourceForm>(p.path, p.root, (v) => ({
    title: String(v.title ?? ''),
    abstract: String(v.abstract ?? ''),
    srs: String(v.srs ?? ''),
    enabled: String(v.enabled ?? 'true') === 'true',
  }));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const form = res.form;
  if (!form) return <Panel title="Data">{res.error ? <ErrorText error={res.error} /> : <p class="loading">Loading…</p>}</Panel>;
  const save = async () => {
    await attempt(setError, async () => {
      await api.rest('PUT', p.path, { json: { [p.root]: form } });
      res.reset();
      live.refresh();
      setSaved('Saved.');
    });
  };
  const kind = p.root === 'coverage' ? 'Coverage' : p.root === 'featureType' ? 'Feature type' : 'Resource';
  return (
    <Panel title={`${kind} ${String(res.value?.name ?? '')}`}>
      <EditGuard onSubmit={save} label={`Edit ${kind.toLowerCase()}`}>
        <TextField label="Title" value={form.title} onInput={(title) => res.set({ title })} />
        <AreaField label="Abstract" value={form.abstract} onInput={(abstract) => res.set({ abstract })} />
        <TextField label="Declared SRS" value={form.srs} onInput={(srs) => res.set({ srs })} placeholder="EPSG:4326" />
        <CheckField label="Enabled" checked={form.enabled} onChange={(enabled) => res.set({ enabled })} />
        <ErrorText error={error ?? res.error} />
        <Saved message={res.dirty ? undefined : saved} />
        <div class="actions">
          <button type="submit" class="primary" disabled={!res.dirty}>
            Save {kind.toLowerCase()}
          </button>
        </div>
      </EditGuard>
    </Panel>
  );
}

/** A new layer: a feature type in a data store, or a coverage in a coverage store. */
function NewLayer(p: { onDone: (path?: string) => void }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const [store, setStore] = useState('');
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [srs, setSrs] = useState('EPSG:4326');
  const [error, setError] = useState<string>();
  const storeChoices = useId();
  const create = async () => {
    await attempt(setError, async () => {
      const found = await api.get<SearchPage>(`/ui/search.json?${new URLSearchParams({ type: 'stores', q: store, limit: '500' })}`);
      const hit = found.items.find((h) => h.name === store.trim());
      if (!hit) throw new Error(`No store named '${store}': pick one as workspace:store`);
      const kind = hit.collection === 'datastores' ? ['featuretypes', 'featureType'] : hit.collection === 'coveragestores' ? ['coverages', 'coverage'] : undefined;
      if (!kind) throw new Error(`'${store}' is a cascaded ${hit.collection === 'wmsstores' ? 'WMS' : 'WMTS'} store: pick a data store or a coverage store`);
      await api.rest('POST', `${hit.path}/${kind[0]}`, { json: { [kind[1]]: { name, nativeName: name, title: title || name, srs } } });
      live.refresh();
      p.onDone(restPath('workspaces', hit.workspace ?? '', 'layers', name));
    });
  };
  return (
    <Panel title="New layer">
      <EditGuard onSubmit={create} label="New layer">
        <TextField label="Store" value={store} onInput={setStore} list={storeChoices} required hint="workspace:store — a data store or a coverage store" />
        <NameChoices id={storeChoices} type="stores" typed={store} />
        <TextField label="Name" value={name} onInput={setName} required hint="The feature type or coverage name in the store" />
        <TextField label="Title" value={title} onInput={setTitle} />
        <TextField label="Declared SRS" value={srs} onInput={setSrs} />
        <ErrorText error={error} />
        <FormActions onCancel={() => p.onDone()} />
      </EditGuard>
    </Panel>
  );
}
