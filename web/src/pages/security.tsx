import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, restPath } from '../api.js';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { EditGuard } from '../parts/edit-guard.js';
import { CheckField, ErrorText, Panel, SelectField, TextField } from '../parts/fields.js';

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
  /** Roles given to the user itself (GET /security/roles/user/{user}). */
  roles: string[];
}

interface SecurityData {
  users: User[];
  groups: string[];
  roles: string[];
}

type Change = (method: string, path: string, body?: unknown) => Promise<void>;

/** The users (each with its own roles), groups and roles of the default services. */
async function loadSecurity(api: ReturnType<typeof useApi>): Promise<SecurityData> {
  // one request first: a node without the security API answers it with a single 404
  const u = await api.get('/security/usergroup/users.json');
  const [g, r] = await Promise.all([api.get('/security/usergroup/groups.json'), api.get('/security/roles.json')]);
  const listed = (u as { users?: Array<Omit<User, 'roles'>> | { user?: Array<Omit<User, 'roles'>> } }).users;
  const plain = Array.isArray(listed) ? listed : (listed?.user ?? []);
  const users = await Promise.all(plain.map(async (x) => ({ ...x, roles: names(await api.get(`${restPath('security', 'roles', 'user', x.userName)}.json`), 'roles', 'role') })));
  return { users, groups: names(g, 'groups', 'group'), roles: names(r, 'roles', 'role') };
}

function refusal(err: unknown): string {
  if (err instanceof ApiError && err.status === 403) return `Only an administrator can see and change users, groups and roles (the node answered 403: ${err.message}).`;
  return (err as Error).message;
}

/**
 * Users, groups and roles through GeoServer's REST security API (/rest/security/usergroup and
 * /rest/security/roles, default services). A node that does not serve that API says so here.
 */
export function SecurityPage(): JSX.Element {
  const api = useApi();
  const { version } = useLive();
  const [data, setData] = useState<SecurityData>();
  const [error, setError] = useState<string>();
  const [unsupported, setUnsupported] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    loadSecurity(api)
      .then(setData)
      .catch((err) => (err instanceof ApiError && err.status === 404 ? setUnsupported(true) : setError(refusal(err))));
  }, [api, version, tick]);
  const change: Change = async (method, path, body) => {
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
      <Users users={data.users} roles={data.roles} onChange={change} />
      <NameList title="Groups" items={data.groups} add={(g) => change('POST', restPath('security', 'usergroup', 'group', g))} remove={(g) => change('DELETE', restPath('security', 'usergroup', 'group', g))} />
      <NameList title="Roles" items={data.roles} add={(r) => change('POST', restPath('security', 'roles', 'role', r))} remove={(r) => change('DELETE', restPath('security', 'roles', 'role', r))} />
    </div>
  );
}

function Users(p: { users: User[]; roles: string[]; onChange: Change }): JSX.Element {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [enabled, setEnabled] = useState(true);
  const add = async () => {
    await p.onChange('POST', '/security/usergroup/users', { user: { userName: name, password, enabled } });
    setName('');
    setPassword('');
  };
  return (
    <Panel title="Users">
      <EditGuard onSubmit={add} label="Users">
        <ul class="rows" aria-label="Users">
          {p.users.map((u) => (
            <UserRow key={u.userName} user={u} roles={p.roles} onChange={p.onChange} />
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

/** One user: enabled, its roles (each removable), a role to give, delete. */
function UserRow(p: { user: User; roles: string[]; onChange: Change }): JSX.Element {
  const u = p.user;
  const userPath = restPath('security', 'usergroup', 'user', u.userName);
  const roleOf = (r: string) => restPath('security', 'roles', 'role', r, 'user', u.userName);
  const choices = p.roles.filter((r) => !u.roles.includes(r));
  const [give, setGive] = useState('');
  return (
    <li data-user={u.userName}>
      <span>{u.userName}</span>
      <CheckField label={`Enabled ${u.userName}`} checked={String(u.enabled) !== 'false'} onChange={(on) => p.onChange('POST', userPath, { user: { enabled: on } })} />
      <ul class="chips" aria-label={`Roles of ${u.userName}`}>
        {u.roles.map((r) => (
          <li key={r}>
            {r}
            <button type="button" aria-label={`Take role ${r} from ${u.userName}`} onClick={() => p.onChange('DELETE', roleOf(r))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {choices.length > 0 && (
        <span class="inline">
          <SelectField label={`Role for ${u.userName}`} value={give} onChange={setGive} options={[['', '—'], ...choices]} />
          <button type="button" disabled={!give} onClick={() => p.onChange('POST', roleOf(give)).then(() => setGive(''))}>
            Give role
          </button>
        </span>
      )}
      <button type="button" class="danger" onClick={() => p.onChange('DELETE', userPath)}>
        Delete {u.userName}
      </button>
    </li>
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
