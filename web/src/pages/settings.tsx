import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApi } from '../app-context.js';
import { attempt } from '../parts/attempt.js';
import { useLive } from '../live.js';
import { useEditor } from '../parts/catalog-layout.js';
import { EditGuard } from '../parts/edit-guard.js';
import { AreaField, CheckField, ErrorText, FormActions, Panel, Saved, TextField } from '../parts/fields.js';
import type { Place } from '../router.js';

const SERVICES = ['wms', 'wfs', 'wcs', 'wmts'];

/** Global settings with contact (/rest/settings) and the service settings (/rest/services/{s}/settings). */
export function SettingsPage(p: { place: Place }): JSX.Element {
  const service = p.place.params.get('service') ?? 'wms';
  const [shown, setShown] = useState(SERVICES.includes(service) ? service : 'wms');
  return (
    <div class="stack two-columns">
      <GlobalSettings />
      <div class="stack">
        <div class="tabs" role="group" aria-label="Service">
          {SERVICES.map((s) => (
            <button type="button" key={s} aria-pressed={s === shown} onClick={() => setShown(s)}>
              {s.toUpperCase()}
            </button>
          ))}
        </div>
        <ServiceSettings key={shown} service={shown} />
      </div>
    </div>
  );
}

interface GlobalForm {
  proxyBaseUrl: string;
  onlineResource: string;
  charset: string;
  numDecimals: string;
  verbose: boolean;
  verboseExceptions: boolean;
  contactPerson: string;
  contactOrganization: string;
  contactEmail: string;
  addressCity: string;
  addressCountry: string;
}

type Json = Record<string, unknown>;
const CONTACT = ['contactPerson', 'contactOrganization', 'contactEmail', 'addressCity', 'addressCountry'] as const;

function GlobalSettings(): JSX.Element {
  const api = useApi();
  const live = useLive();
  const s = useEditor<{ settings: Json }, GlobalForm>('/settings', 'global', ({ settings }) => {
    const contact = (settings.contact ?? {}) as Json;
    const out = {
      proxyBaseUrl: String(settings.proxyBaseUrl ?? ''),
      onlineResource: String(settings.onlineResource ?? ''),
      charset: String(settings.charset ?? 'UTF-8'),
      numDecimals: String(settings.numDecimals ?? '8'),
      verbose: String(settings.verbose) === 'true',
      verboseExceptions: String(settings.verboseExceptions) === 'true',
    } as GlobalForm;
    for (const k of CONTACT) out[k] = String(contact[k] ?? '');
    return out;
  });
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const f = s.form;
  if (!f) return <Panel title="Global settings">{s.error ? <ErrorText error={s.error} /> : <p class="loading">Loading…</p>}</Panel>;
  const save = async () => {
    setError(undefined);
    const numDecimals = Number(f.numDecimals);
    if (!Number.isInteger(numDecimals) || numDecimals < 0) return setError(`Decimals must be a whole number, not '${f.numDecimals}'`);
    const contact: Json = {};
    for (const k of CONTACT) contact[k] = f[k];
    const settings = { proxyBaseUrl: f.proxyBaseUrl, onlineResource: f.onlineResource, charset: f.charset, numDecimals, verbose: f.verbose, verboseExceptions: f.verboseExceptions, contact };
    await attempt(setError, async () => {
      await api.rest('PUT', '/settings', { json: { global: { settings } } });
      s.reset();
      live.refresh();
      setSaved('Saved.');
    });
  };
  const text = (label: string, key: keyof GlobalForm, hint?: string) => <TextField label={label} value={String(f[key])} onInput={(v) => s.set({ [key]: v })} hint={hint} />;
  return (
    <Panel title="Global settings">
      <EditGuard onSubmit={save} label="Global settings">
        {text('Proxy base URL', 'proxyBaseUrl', 'The public URL of GeoServer behind a proxy')}
        {text('Online resource', 'onlineResource')}
        {text('Character set', 'charset')}
        {text('Decimals', 'numDecimals')}
        <CheckField label="Verbose XML" checked={f.verbose} onChange={(verbose) => s.set({ verbose })} />
        <CheckField label="Verbose exception reports" checked={f.verboseExceptions} onChange={(verboseExceptions) => s.set({ verboseExceptions })} />
        <h3>Contact</h3>
        {text('Person', 'contactPerson')}
        {text('Organization', 'contactOrganization')}
        {text('Email', 'contactEmail')}
        {text('City', 'addressCity')}
        {text('Country', 'addressCountry')}
        <ErrorText error={error} />
        <Saved message={s.dirty ? undefined : saved} />
        <FormActions dirty={s.dirty} onUndo={s.reset} />
      </EditGuard>
    </Panel>
  );
}

interface ServiceForm {
  enabled: boolean;
  title: string;
  abstrct: string;
  maintainer: string;
  onlineResource: string;
  fees: string;
  accessConstraints: string;
}

const FIELDS: Array<[keyof ServiceForm, string]> = [
  ['title', 'Title'],
  ['maintainer', 'Maintainer'],
  ['onlineResource', 'Online resource'],
  ['fees', 'Fees'],
  ['accessConstraints', 'Access constraints'],
];

function ServiceSettings(p: { service: string }): JSX.Element {
  const api = useApi();
  const live = useLive();
  const path = `/services/${p.service}/settings`;
  const s = useEditor<Json, ServiceForm>(path, p.service, (v) => ({
    enabled: String(v.enabled ?? 'true') === 'true',
    title: String(v.title ?? ''),
    abstrct: String(v.abstrct ?? ''),
    maintainer: String(v.maintainer ?? ''),
    onlineResource: String(v.onlineResource ?? ''),
    fees: String(v.fees ?? ''),
    accessConstraints: String(v.accessConstraints ?? ''),
  }));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const name = p.service.toUpperCase();
  const f = s.form;
  if (!f) return <Panel title={`${name} settings`}>{s.error ? <ErrorText error={s.error} /> : <p class="loading">Loading…</p>}</Panel>;
  const save = async () => {
    await attempt(setError, async () => {
      await api.rest('PUT', path, { json: { [p.service]: f } });
      s.reset();
      live.refresh();
      setSaved('Saved.');
    });
  };
  return (
    <Panel title={`${name} settings`}>
      <EditGuard onSubmit={save} label={`${name} settings`}>
        <CheckField label={`${name} enabled`} checked={f.enabled} onChange={(enabled) => s.set({ enabled })} />
        {FIELDS.map(([key, label]) => (
          <TextField key={key} label={label} value={String(f[key])} onInput={(v) => s.set({ [key]: v })} />
        ))}
        <AreaField label="Abstract" value={f.abstrct} onInput={(abstrct) => s.set({ abstrct })} />
        <ErrorText error={error} />
        <Saved message={s.dirty ? undefined : saved} />
        <FormActions dirty={s.dirty} onUndo={s.reset} />
      </EditGuard>
    </Panel>
  );
}
