import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, restPath } from '../api.js';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { EditGuard } from '../parts/edit-guard.js';
import { CheckField, ErrorText, Panel, TextField } from '../parts/fields.js';

/** Names from GeoServer's security lists: `{"groups":["a"]}`, `{"groups":{"group":["a"]}}` or `""`. */
function names(body: unknown, plural: string, singular: string): string[] {
  const v = (body as Record<string, unknown>)?.[plural];
  const list = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[singular] : v;
  if (!list) return [];
  return (Array.isArray(list) ? list : [list]).map((x) => (typeof x === 'string' ? x : String((x as Record<string, unknown>).name ?? x)));
}

interface User {
  userName: string;
  enabled?: boolean | string;
}

/**
 * Users, groups and roles through GeoServer's REST security API (/rest/security/usergroup and
 * /rest/security/roles, default services). A node that does not serve that API says so here.
 */
export function SecurityPage(): JSX.Element {
  const api = useApi();
  const { version } = useLive();
  const [data, setData] = useState<{ users: User[]; groups: string[]; roles: string[] }>();
  const [error, setError] = useState<string>();
  const [unsupported, setUnsupported] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    // one request first: a node without the security API answers it with a single 404
    api
      .get('/security/usergroup/users.json')
      .then((u) => Promise.all([u, api.get('/security/usergroup/groups.json'), api.get('/security/roles.json')]))
      .then(([u, g, r]) => {
        const users = (u as { users?: User[] | { user?: User[] } }).users;
        setData({ users: Array.isArray(users) ? users : (users?.user ?? []), groups: names(g, 'groups', 'group'), roles: names(r, 'roles', 'role') });
      })
      .catch((err) => (err instanceof ApiError && err.status === 404 ? setUnsupported(true) : setError((err as Error).message)));
  }, [api, version, tick]);
  const change = async (method: string, path: string, body?: unknown) => {
    await attempt(setError, async () => {
      await api.rest(method, path, body === undefined ? undefined : { json: body });
      setTick((t) => t + 1);
    });
  };
  if (unsupported) {
    return (
      <Panel title="Users, groups and roles">
        <p class="notice">This node does not serve GeoServer's users, groups and roles API (/rest/security) yet. Only the administrator set at start-up can log in.</p>
      </Panel>
    );
  }
  if (!data) return error ? <ErrorText error={error} /> : <p class="loading">Loading…</p>;
  return (
    <div class="stack">
      <ErrorText error={error} />
      <Users users={data.users} onChange={change} />
      <NameList title="Groups" items={data.groups} add={(g) => change('POST', `/security/usergroup/group/${encodeURIComponent(g)}`)} remove={(g) => change('DELETE', `/security/usergroup/group/${encodeURIComponent(g)}`)} />
      <NameList title="Roles" items={data.roles} add={(r) => change('POST', `/security/roles/role/${encodeURIComponent(r)}`)} remove={(r) => change('DELETE', `/security/roles/role/${encodeURIComponent(r)}`)} />
    </div>
  );
}

function Users(p: { users: User[]; onChange: (method: string, path: string, body?: unknown) => Promise<void> }): JSX.Element {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [enabled, setEnabled] = useState(true);
  const userPath = (u: string) => restPath('security', 'usergroup', 'user', u);
  const add = async () => {
    await p.onChange('POST', '/security/usergroup/users', { user: { userName: name, password, enabled } });
    setName('');
    setPassword('');
  };
  return (
    <Panel title="Users">
      <EditGuard onSubmit={add} label="Users">
        <ul class="rows">
          {p.users.map((u) => (
            <li key={u.userName}>
              <span>{u.userName}</span>
              <CheckField label="Enabled" checked={String(u.enabled) !== 'false'} onChange={(on) => p.onChange('POST', userPath(u.userName), { user: { enabled: on } })} />
              <button type="button" class="danger" onClick={() => p.onChange('DELETE', userPath(u.userName))}>
                Delete {u.userName}
              </button>
            </li>
          ))}
        </ul>
        <h3>New user</h3>
        <TextField label="User name" value={name} onInput={setName} required />
        <TextField label="Password" type="password" value={password} onInput={setPassword} autoComplete="new-password" required />
        <CheckField label="Enabled" checked={enabled} onChange={setEnabled} />
        <div class="actions">
          <button type="submit" class="primary">
            Add user
          </button>
        </div>
      </EditGuard>
    </Panel>
  );
}

function NameList(p: { title: string; items: string[]; add: (name: string) => Promise<void>; remove: (name: string) => Promise<void> }): JSX.Element {
  const [name, setName] = useState('');
  const singular = p.title.slice(0, -1).toLowerCase();
  return (
    <Panel title={p.title}>
      <EditGuard onSubmit={() => p.add(name).then(() => setName(''))} label={p.title}>
        {p.items.length === 0 ? <p class="muted">None.</p> : (
          <ul class="chips">
            {p.items.map((n) => (
              <li key={n}>
                {n}
                <button type="button" aria-label={`Delete ${singular} ${n}`} onClick={() => p.remove(n)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <div class="inline">
          <TextField label={`New ${singular}`} value={name} onInput={setName} required />
          <button type="submit">Add {singular}</button>
        </div>
      </EditGuard>
    </Panel>
  );
}
