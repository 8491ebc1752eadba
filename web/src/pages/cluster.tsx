import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { AreaField, CheckField, ErrorText, Panel, Saved, SelectField, TextField } from '../parts/fields.js';
import type { DriftRound } from '../types.js';
import { NodesTable } from './nodes-table.js';

type Props = Record<string, string>;

/** Keys the form edits; the others keep their values. `secret` is sent only when typed in. */
const EDITED = ['instanceName', 'group', 'topicName', 'brokerURL', 'toggleMaster', 'toggleSlave', 'readOnly', 'discovery', 'discovery.peers', 'discovery.dns.name', 'advertisedURL', 'secret'];

/**
 * The original module's cluster page (instance name, group, topic, broker URL, connect and
 * disconnect, master and slave toggles, read-only, Save) plus discovery and peers, through
 * /rest/cluster: a change takes effect at once. Below it, every node of the cluster, live.
 */
export function ClusterPage(): JSX.Element {
  return (
    <div class="stack">
      <ClusterForm />
      <Panel title="Nodes">
        <NodesTable />
      </Panel>
      <BridgePanel />
    </div>
  );
}

/** The GeoServer this node keeps in step through its REST API, when it has one (docs/bridge.md). */
function BridgePanel(): JSX.Element | null {
  const status = useLive().status;
  const bridge = status?.bridge;
  if (!bridge) return null;
  const upstream = status?.bridgeUpstream;
  const rows: Array<[string, string]> = [
    ['GeoServer', bridge.url],
    ['Connected', bridge.connected ? 'yes' : 'no'],
    ['State', bridge.state],
    ['Cursor', `${bridge.cursor} of ${bridge.head}`],
    ['Lag', String(bridge.lag)],
    ['Applied', String(bridge.applied)],
    ['Refused', String(bridge.refused)],
    ['Not carried', String(bridge.skipped)],
    ['Last error', bridge.lastError ?? '—'],
    ['Upstream', upstream && upstream.intervalMs > 0 ? `every ${upstream.intervalMs} ms` : 'off'],
    ['Last drift', driftText(upstream?.lastDrift)],
    ['Upstream error', upstream?.lastError ?? '—'],
  ];
  return (
    <Panel title="GeoServer bridge">
      <table class="nodes" aria-label="GeoServer bridge">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td data-testid={`bridge-${k.toLowerCase().replace(/ /g, '-')}`}>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

function ClusterForm(): JSX.Element {
  const api = useApi();
  const live = useLive();
  const [saved, setSaved] = useState<Props>();
  const [form, setForm] = useState<Props>({});
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();

  const load = async () => {
    const body = await api.get<{ properties: { property: Array<{ '@name': string; '@value': string }> } }>('/cluster.json');
    const props: Props = {};
    for (const p of body.properties.property) props[p['@name']] = p['@value'];
    setSaved(props);
    setForm({ ...props, secret: '' });
  };
  useEffect(() => {
    load().catch((err: Error) => setError(`Could not read the cluster settings: ${err.message}`));
  }, [api]);

  const post = async (changes: Props, done: string) => {
    setMessage(undefined);
    await attempt(setError, async () => {
      await api.rest('POST', '/cluster.json', { json: { properties: { property: Object.entries(changes).map(([k, v]) => ({ '@name': k, '@value': v })) } } });
      await load();
      live.refresh();
      setMessage(done);
    });
  };
  if (!saved) return <Panel title="Cluster settings">{error ? <ErrorText error={error} /> : <p class="loading">Loading…</p>}</Panel>;

  const set = (key: string) => (v: string) => setForm({ ...form, [key]: v });
  const flag = (key: string, on: string, off: string) => ({ checked: form[key] === on, onChange: (v: boolean) => setForm({ ...form, [key]: v ? on : off }) });
  const changes: Props = {};
  for (const k of EDITED) if (form[k] !== undefined && form[k] !== (k === 'secret' ? '' : saved[k])) changes[k] = form[k];
  const connected = saved.connection !== 'disabled';
  const save = (e: Event) => {
    e.preventDefault();
    post(changes, 'Saved: the new settings are in effect.');
  };

  return (
    <Panel title="Cluster settings">
      <form onSubmit={save} aria-label="Cluster settings" class="grid-form">
        <div class="connection" role="group" aria-label="Connection">
          <span>
            Connection: <strong data-testid="connection">{connected ? 'enabled' : 'disabled'}</strong>
            {live.status?.node.transport && ` (${live.status.node.transport.kind}, ${live.status.node.transport.connected ? 'connected' : 'not connected'})`}
          </span>
          {connected ? (
            <button type="button" onClick={() => post({ connection: 'disabled' }, 'Disconnected from the cluster.')}>
              Disconnect
            </button>
          ) : (
            <button type="button" onClick={() => post({ connection: 'enabled' }, 'Connecting to the cluster.')}>
              Connect
            </button>
          )}
        </div>
        <TextField label="Instance name" value={form.instanceName ?? ''} onInput={set('instanceName')} hint="Unique in the cluster" />
        <TextField label="Group" value={form.group ?? ''} onInput={set('group')} hint="Nodes only replicate within their group" />
        <TextField label="Topic" value={form.topicName ?? ''} onInput={set('topicName')} />
        <TextField label="Broker URL" value={form.brokerURL ?? ''} onInput={set('brokerURL')} hint="Empty: the embedded transport (no broker)" placeholder="embedded" />
        <CheckField label="Master: accept changes here and publish them" {...flag('toggleMaster', 'true', 'false')} />
        <CheckField label="Slave: apply changes from other nodes" {...flag('toggleSlave', 'true', 'false')} />
        <CheckField label="Read-only: apply changes in memory only, never write the data directory" {...flag('readOnly', 'enabled', 'disabled')} />
        <SelectField label="Discovery" value={form.discovery ?? 'multicast'} onChange={set('discovery')} options={['multicast', 'static', 'dns']} />
        <AreaField label="Peers" value={form['discovery.peers'] ?? ''} onInput={set('discovery.peers')} hint="Static discovery: comma-separated base URLs, e.g. http://10.0.0.2:8080/geoserver" rows={2} />
        <TextField label="DNS name" value={form['discovery.dns.name'] ?? ''} onInput={set('discovery.dns.name')} hint="DNS discovery: a name resolving to every node" />
        <TextField label="Advertised URL" value={form.advertisedURL ?? ''} onInput={set('advertisedURL')} hint="This node's base URL as peers reach it" />
        <TextField label="Cluster secret" type="password" value={form.secret ?? ''} onInput={set('secret')} hint={saved.secret ? 'Set; leave empty to keep it' : 'Not set'} autoComplete="new-password" />
        <ErrorText error={error} />
        <Saved message={message} />
        <div class="actions">
          <button type="submit" class="primary" disabled={Object.keys(changes).length === 0}>
            Save
          </button>
          <button type="button" disabled={Object.keys(changes).length === 0} onClick={() => setForm({ ...saved, secret: '' })}>
            Undo changes
          </button>
        </div>
      </form>
    </Panel>
  );
}

/** The last drift found between the GeoServer and this node, and what was done with it. */
function driftText(drift: DriftRound | undefined): string {
  if (!drift) return 'none found';
  return `${new Date(drift.at).toLocaleString()}: ${drift.total} difference${drift.total === 1 ? '' : 's'}, ${drift.action}`;
}
