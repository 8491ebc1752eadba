import type { JSX } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { restPath } from '../api.js';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { CatalogLayout, useRestObject } from '../parts/catalog-layout.js';
import { DeleteButton } from '../parts/delete-button.js';
import { EditGuard } from '../parts/edit-guard.js';
import { ErrorText, FormActions, Panel, Saved, TextField } from '../parts/fields.js';
import { PagedList } from '../parts/paged-list.js';
import { SldEditor } from '../parts/sld-editor.js';
import { NameChoices } from '../parts/workspace-choices.js';
import { navigate, pageUrl, type Place } from '../router.js';
import type { SearchHit } from '../types.js';

const SLD_TYPE = 'application/vnd.ogc.sld+xml';

export function sldTemplate(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc">
  <NamedLayer>
    <Name>${name || 'style'}</Name>
    <UserStyle>
      <Name>${name || 'style'}</Name>
      <FeatureTypeStyle>
        <Rule>
          <LineSymbolizer>
            <Stroke>
              <CssParameter name="stroke">#1d5c8f</CssParameter>
            </Stroke>
          </LineSymbolizer>
        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
`;
}

/** Styles: /rest/styles and /rest/workspaces/{ws}/styles, with their SLD bodies. */
export function StylesPage(p: { place: Place }): JSX.Element {
  const edit = p.place.params.get('edit') ?? undefined;
  const creating = p.place.params.get('new') === '1';
  const [reload, setReload] = useState(0);
  const done = (path?: string) => {
    setReload((n) => n + 1);
    navigate(pageUrl('styles', { edit: path }), true);
  };
  const columns = [{ head: 'Workspace', cell: (h: SearchHit) => h.workspace ?? '(global)' }];
  const list = <PagedList type="styles" label="Styles" columns={columns} linkOf={(h) => pageUrl('styles', { edit: h.path })} selected={edit} reload={reload} />;
  const editor = creating ? <NewStyle onDone={done} /> : edit ? <StyleEditor key={edit} path={edit} onDone={done} /> : undefined;
  return <CatalogLayout page="styles" newLabel="New style" list={list} editor={editor} />;
}

function NewStyle(p: { onDone: (path?: string) => void }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const [name, setName] = useState('');
  const [workspace, setWorkspace] = useState('');
  const [body, setBody] = useState<string>();
  const [error, setError] = useState<string>();
  const wsChoices = useId();
  const text = body ?? sldTemplate(name);
  const create = async () => {
    setError(undefined);
    const collection = workspace ? restPath('workspaces', workspace, 'styles') : '/styles';
    await attempt(setError, async () => {
      await api.rest('POST', `${collection}?${new URLSearchParams({ name })}`, { sld: text });
      live.refresh();
      p.onDone(`${collection}/${encodeURIComponent(name)}`);
    });
  };
  return (
    <Panel title="New style">
      <EditGuard onSubmit={create} label="New style">
        <TextField label="Name" value={name} onInput={setName} required />
        <TextField label="Workspace" value={workspace} onInput={setWorkspace} list={wsChoices} hint="Empty: a global style" />
        <NameChoices id={wsChoices} type="workspaces" typed={workspace} />
        <SldEditor label="SLD" value={text} onInput={(v) => (setBody(v), setError(undefined))} serverError={error} />
        <FormActions onCancel={() => p.onDone()} />
      </EditGuard>
    </Panel>
  );
}

function StyleEditor(p: { path: string; onDone: (path?: string) => void }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const [edited, setEdited] = useState<string>();
  const info = useRestObject<{ name: string; format?: string; filename?: string; workspace?: { name?: string } }>(p.path, 'style', edited !== undefined);
  const [body, setBody] = useState<string>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const format = info.value?.format ?? 'sld';
  useEffect(() => {
    if (edited !== undefined || !info.value) return;
    api
      .rest<string>('GET', `${p.path}.${format}`, undefined, format === 'sld' ? SLD_TYPE : '*/*')
      .then(setBody)
      .catch((err: Error) => setError(`Could not read the style body: ${err.message}`));
  }, [api, p.path, format, info.value, edited]);

  const save = async () => {
    await attempt(setError, async () => {
      await api.rest('PUT', p.path, { sld: edited ?? body ?? '' });
      setEdited(undefined);
      live.refresh();
      setSaved('Saved.');
    });
  };
  const remove = async (recurse: boolean) => {
    await attempt(setError, async () => {
      await api.rest('DELETE', `${p.path}?purge=true${recurse ? '&recurse=true' : ''}`);
      live.refresh();
      p.onDone();
    });
  };
  const name = info.value?.name ?? '';
  if (info.error && !info.value) return <Panel title="Style"><ErrorText error={info.error} /></Panel>;
  return (
    <Panel title={`Style ${name}`} actions={<DeleteButton what={`style ${name}`} recurseLabel="and remove it from the layers using it" onDelete={remove} />}>
      <p class="muted">
        {info.value?.workspace?.name ? `In workspace ${info.value.workspace.name}` : 'Global style'} · {format.toUpperCase()} · file {info.value?.filename ?? '…'}
      </p>
      {format !== 'sld' ? (
        <p class="notice">This style is written in {format}; only SLD styles can be edited here.</p>
      ) : body === undefined ? (
        error ? <ErrorText error={error} /> : <p class="loading">Loading…</p>
      ) : (
        <EditGuard onSubmit={save} label="Edit style">
          <SldEditor label="SLD" value={edited ?? body} onInput={(v) => (setEdited(v), setError(undefined), setSaved(undefined))} serverError={error} />
          <Saved message={saved} />
          <FormActions dirty={edited !== undefined} onUndo={() => (setEdited(undefined), setError(undefined))} />
        </EditGuard>
      )}
    </Panel>
  );
}
