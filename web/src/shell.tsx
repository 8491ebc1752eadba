import type { JSX } from 'preact';
import { Banners } from './banners.js';
import { useLive } from './live.js';
import { ClusterPage } from './pages/cluster.js';
import { LayerGroupsPage } from './pages/layergroups.js';
import { LayersPage } from './pages/layers.js';
import { SecurityPage } from './pages/security.js';
import { SettingsPage } from './pages/settings.js';
import { StoresPage } from './pages/stores.js';
import { StylesPage } from './pages/styles.js';
import { WorkspacesPage } from './pages/workspaces.js';
import { Link, usePlace, type Place } from './router.js';

const PAGES: Array<[string, string, (p: { place: Place }) => JSX.Element]> = [
  ['cluster', 'Cluster', ClusterPage],
  ['workspaces', 'Workspaces', WorkspacesPage],
  ['stores', 'Stores', StoresPage],
  ['layers', 'Layers', LayersPage],
  ['styles', 'Styles', StylesPage],
  ['layergroups', 'Layer groups', LayerGroupsPage],
  ['settings', 'Settings', SettingsPage],
  ['security', 'Security', SecurityPage],
];

/** The frame of every page: who and where, the navigation, the banners, then the page. */
export function Shell(p: { user: string; warnings: string[]; onLogout: () => void }): JSX.Element {
  const place = usePlace();
  const { status } = useLive();
  const current = PAGES.find(([id]) => id === place.page) ?? PAGES[0];
  const Page = current[2];
  const roles = status?.node.roles;
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">geocluster</span>
        <span class="node" title="This node's instanceName">
          {status?.node.instanceName ?? '…'}
          {roles && <span class="roles">{[roles.master && 'master', roles.slave && 'slave'].filter(Boolean).join(' + ') || 'no role'}</span>}
        </span>
        <span class="user">
          {p.user}
          <button type="button" onClick={p.onLogout}>
            Log out
          </button>
        </span>
      </header>
      <nav class="main-nav" aria-label="Pages">
        <ul>
          {PAGES.map(([id, label]) => (
            <li key={id}>
              <Link to={id} aria-current={id === current[0] ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Banners warnings={p.warnings} />
      <main id="main" tabIndex={-1}>
        <h1 class="page-title">{current[1]}</h1>
        <Page place={place} />
      </main>
    </div>
  );
}
