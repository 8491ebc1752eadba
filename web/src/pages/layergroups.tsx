import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { listOf, restPath } from '../api.js';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { CatalogLayout, useEditor } from '../parts/catalog-layout.js';
import { DeleteButton } from '../parts/delete-button.js';
import { EditGuard } from '../parts/edit-guard.js';
import { AreaField, ErrorText, FormActions, Panel, Saved, SelectField, TextField } from '../parts/fields.js';
import { PagedList } from '../parts/paged-list.js';
import { NameChoices } from '../parts/workspace-choices.js';
import { navigate, pageUrl, type Place } from '../router.js';
import type { SearchHit } from '../types.js';

const MODES = ['SINGLE', 'OPAQUE_CONTAINER', 'NAMED', 'CONTAINER', 'EO'];

/** Layer groups: /rest/layergroups and /rest/workspaces/{ws}/layergroups. */
export function LayerGroupsPage(p: { place: Place }): JSX.Element {
  const edit = p.place.params.get('edit') ?? undefined;
  const creating = p.place.params.get('new') === '1';
  const [reload, setReload] = useState(0);
  const done = (path?: string) => {
    setReload((n) => n + 1);
    navigate(pageUrl('layergroups', { edit: path }), true);
  };
  const columns = [{ head: 'Workspace', cell: (h: SearchHit) => h.workspace ?? '(global)' }];
  const list = <PagedList type="layergroups" label="Layer groups" columns={columns} linkOf={(h) => pageUrl('layergroups', { edit: h.path })} selected={edit} reload={reload} />;
  const editor = creating ? <GroupEditor onDone={done} /> : edit ? <GroupEditor key={edit} path={edit} onDone={done} /> : undefined;
  return <CatalogLayout page="layergroups" newLabel="New layer group" list={list} editor={editor} />;
}

interface Member {
  type: 'layer' | 'layerGroup';
  name: string;
  style: string;
}

interface GroupForm {
  name: string;
  workspace: string;
  title: string;
  abstractTxt: string;
  mode: string;
  members: Member[];
}

const EMPTY: GroupForm = { name: '', workspace: '', title: '', abstractTxt: '', mode: 'SINGLE', members: [] };

interface GroupJson {
  name: string;
  workspace?: { name?: string };
  title?: string;
  abstractTxt?: string;
  mode?: string;
  publishables?: { published?: unknown };
  styles?: { style?: unknown };
}

function toForm(v: GroupJson): GroupForm {
  const published = listOf<{ '@type'?: string; name?: string }>(v.publishables?.published);
  const styles = listOf<{ name?: string } | string>(v.styles?.style);
  return {
    name: v.name,
    workspace: v.workspace?.name ?? '',
    title: v.title ?? '',
    abstractTxt: v.abstractTxt ?? '',
    mode: v.mode ?? 'SINGLE',
    members: published.map((m, i) => ({ type: m['@type'] === 'layerGroup' ? 'layerGroup' : 'layer', name: m.name ?? '', style: typeof styles[i] === 'object' ? (styles[i] as { name?: string }).name ?? '' : '' })),
  };
}

function toJson(f: GroupForm): unknown {
  const group: Record<string, unknown> = {
    name: f.name,
    title: f.title,
    abstractTxt: f.abstractTxt,
    mode: f.mode,
    publishables: { published: f.members.map((m) => ({ '@type': m.type, name: m.name })) },
    styles: { style: f.members.map((m) => (m.style ? { name: m.style } : '')) },
  };
  return { layerGroup: group };
}

function GroupEditor(p: { path?: string; onDone: (path?: string) => void }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const loaded = useEditor<GroupJson, GroupForm>(p.path ?? '', 'layerGroup', toForm);
  const [draft, setDraft] = useState<GroupForm>(EMPTY);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const wsChoices = useId();
  const form = p.path ? loaded.form : draft;
  const set = (patch: Partial<GroupForm>) => (p.path ? loaded.set(patch) : setDraft({ ...draft, ...patch }));
  if (!form) return <Panel title="Layer group">{loaded.error ? <ErrorText error={loaded.error} /> : <p class="loading">Loading…</p>}</Panel>;
  const collection = form.workspace ? restPath('workspaces', form.workspace, 'layergroups') : '/layergroups';
  const save = async () => {
    await attempt(setError, async () => {
      if (p.path) await api.rest('PUT', p.path, { json: toJson(form) });
      else await api.rest('POST', collection, { json: toJson(form) });
      loaded.reset();
      live.refresh();
      setSaved('Saved.');
      const target = `${collection}/${encodeURIComponent(form.name)}`;
      if (target !== p.path) p.onDone(target);
    });
  };
  const remove = async () => {
    await attempt(setError, async () => {
      await api.rest('DELETE', p.path!);
      live.refresh();
      p.onDone();
    });
  };
  const title = p.path ? `Layer group ${loaded.value?.name ?? ''}` : 'New layer group';
  return (
    <Panel title={title} actions={p.path && <DeleteButton what={`layer group ${form.name}`} onDelete={remove} />}>
      <EditGuard onSubmit={save} label={title}>
        <TextField label="Name" value={form.name} onInput={(name) => set({ name })} required />
        {p.path ? (
          <p class="muted">{form.workspace ? `In workspace ${form.workspace}` : 'Global layer group'}</p>
        ) : (
          <>
            <TextField label="Workspace" value={form.workspace} onInput={(workspace) => set({ workspace })} list={wsChoices} hint="Empty: a global layer group" />
            <NameChoices id={wsChoices} type="workspaces" typed={form.workspace} />
          </>
        )}
        <TextField label="Title" value={form.title} onInput={(t) => set({ title: t })} />
        <AreaField label="Abstract" value={form.abstractTxt} onInput={(abstractTxt) => set({ abstractTxt })} />
        <SelectField label="Mode" value={form.mode} onChange={(mode) => set({ mode })} options={MODES} />
        <Members members={form.members} onChange={(members) => set({ members })} />
        <ErrorText error={error} />
        <Saved message={loaded.dirty ? undefined : saved} />
        {p.path ? <FormActions dirty={loaded.dirty} onUndo={loaded.reset} /> : <FormActions onCancel={() => p.onDone()} />}
      </EditGuard>
    </Panel>
  );
}

/** The group's layers in drawing order, each with its style (empty: the layer's default). */
function Members(p: { members: Member[]; onChange: (m: Member[]) => void }): JSX.Element {
  const [typed, setTyped] = useState('');
  const choices = useId();
  const move = (i: number, by: number) => {
    const next = [...p.members];
    const [m] = next.splice(i, 1);
    next.splice(i + by, 0, m);
    p.onChange(next);
  };
  const update = (i: number, patch: Partial<Member>) => p.onChange(p.members.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <fieldset class="members">
      <legend>Layers, bottom first</legend>
      {p.members.length > 0 && (
        <ol>
          {p.members.map((m, i) => (
            <li key={`${i}-${m.name}`}>
              <span class="member-name">{m.name}</span>
              <label>
                <span class="visually-hidden">Style of {m.name}</span>
                <input value={m.style} placeholder="default style" onInput={(e) => update(i, { style: (e.target as HTMLInputElement).value })} />
              </label>
              <button type="button" aria-label={`Move ${m.name} earlier (further down)`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
              <button type="button" aria-label={`Move ${m.name} later (further up)`} disabled={i === p.members.length - 1} onClick={() => move(i, 1)}>↓</button>
              <button type="button" aria-label={`Remove ${m.name}`} onClick={() => p.onChange(p.members.filter((_, j) => j !== i))}>×</button>
            </li>
          ))}
        </ol>
      )}
      <div class="inline">
        <label for={choices + '-in'} class="visually-hidden">Layer to add</label>
        <input id={choices + '-in'} value={typed} list={choices} placeholder="workspace:layer" onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        <NameChoices id={choices} type="layers" typed={typed} />
        <button type="button" disabled={!typed.trim()} onClick={() => (p.onChange([...p.members, { type: 'layer', name: typed.trim(), style: '' }]), setTyped(''))}>
          Add layer
        </button>
      </div>
    </fieldset>
  );
}
