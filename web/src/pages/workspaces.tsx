import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { restPath } from '../api.js';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { CatalogLayout, useEditor } from '../parts/catalog-layout.js';
import { DeleteButton } from '../parts/delete-button.js';
import { EditGuard } from '../parts/edit-guard.js';
import { CheckField, ErrorText, FormActions, Panel, Saved, TextField } from '../parts/fields.js';
import { PagedList } from '../parts/paged-list.js';
import { navigate, pageUrl, type Place } from '../router.js';

/** Workspaces: /rest/workspaces (a workspace's namespace follows it, as in GeoServer). */
export function WorkspacesPage(p: { place: Place }): JSX.Element {
  const edit = p.place.params.get('edit') ?? undefined;
  const creating = p.place.params.get('new') === '1';
  const [reload, setReload] = useState(0);
  const done = (path?: string) => {
    setReload((n) => n + 1);
    navigate(pageUrl('workspaces', { edit: path }), true);
  };
  const list = <PagedList type="workspaces" label="Workspaces" columns={[]} linkOf={(h) => pageUrl('workspaces', { edit: h.path })} selected={edit} reload={reload} />;
  const editor = creating ? <NewWorkspace onDone={done} /> : edit ? <WorkspaceEditor key={edit} path={edit} onDone={done} /> : undefined;
  return <CatalogLayout page="workspaces" newLabel="New workspace" list={list} editor={editor} />;
}

function NewWorkspace(p: { onDone: (path?: string) => void }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const [name, setName] = useState('');
  const [isolated, setIsolated] = useState(false);
  const [makeDefault, setMakeDefault] = useState(false);
  const [error, setError] = useState<string>();
  const create = async () => {
    await attempt(setError, async () => {
      await api.rest('POST', `/workspaces${makeDefault ? '?default=true' : ''}`, { json: { workspace: { name, isolated } } });
      live.refresh();
      p.onDone(restPath('workspaces', name));
    });
  };
  return (
    <Panel title="New workspace">
      <EditGuard onSubmit={create} label="New workspace">
        <TextField label="Name" value={name} onInput={setName} required hint="Also the prefix of its namespace" />
        <CheckField label="Isolated" checked={isolated} onChange={setIsolated} hint="Its layers are only visible through its own virtual services" />
        <CheckField label="Make it the default workspace" checked={makeDefault} onChange={setMakeDefault} />
        <ErrorText error={error} />
        <FormActions onCancel={() => p.onDone()} />
      </EditGuard>
    </Panel>
  );
}

interface WorkspaceForm {
  name: string;
  isolated: boolean;
}

function WorkspaceEditor(p: { path: string; onDone: (path?: string) => void }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const f = useEditor<{ name: string; isolated?: boolean | string }, WorkspaceForm>(p.path, 'workspace', (v) => ({ name: v.name, isolated: String(v.isolated) === 'true' }));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  if (!f.form) return <Panel title="Workspace">{f.error ? <ErrorText error={f.error} /> : <p class="loading">Loading…</p>}</Panel>;
  const form = f.form;
  const save = async () => {
    await attempt(setError, async () => {
      await api.rest('PUT', p.path, { json: { workspace: form } });
      f.reset();
      live.refresh();
      setSaved('Saved.');
      if (form.name !== f.value?.name) p.onDone(restPath('workspaces', form.name));
    });
  };
  const remove = async (recurse: boolean) => {
    await attempt(setError, async () => {
      await api.rest('DELETE', `${p.path}${recurse ? '?recurse=true' : ''}`);
      live.refresh();
      p.onDone();
    });
  };
  return (
    <Panel title={`Workspace ${f.value?.name ?? ''}`} actions={<DeleteButton what={`workspace ${f.value?.name}`} recurseLabel="and everything in it" onDelete={remove} />}>
      <EditGuard onSubmit={save} label="Edit workspace">
        <TextField label="Name" value={form.name} onInput={(name) => f.set({ name })} required />
        <CheckField label="Isolated" checked={form.isolated} onChange={(isolated) => f.set({ isolated })} />
        <ErrorText error={error ?? f.error} />
        <Saved message={f.dirty ? undefined : saved} />
        <FormActions dirty={f.dirty} onUndo={f.reset} />
      </EditGuard>
    </Panel>
  );
}
