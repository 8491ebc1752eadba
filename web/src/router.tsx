import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Where the app lives; every path under it is one of its pages (the node answers with the app). */
export const BASE = '/geoserver/web';
const NAVIGATED = 'geocluster:navigate';

export interface Place {
  /** First path segment under BASE, e.g. `layers`; `cluster` for the root. */
  page: string;
  params: URLSearchParams;
}

function here(): Place {
  const page = location.pathname.slice(BASE.length).split('/').filter(Boolean)[0] ?? 'cluster';
  return { page, params: new URLSearchParams(location.search) };
}

/** The current page, updated on navigate() and on the browser's back and forward buttons. */
export function usePlace(): Place {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const update = () => setPlace(here());
    addEventListener('popstate', update);
    addEventListener(NAVIGATED, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(NAVIGATED, update);
    };
  }, []);
  return place;
}

/** Goes to a page of the app: `to` is relative to BASE, e.g. `layers?edit=...`. */
export function navigate(to: string, replace = false): void {
  const url = `${BASE}/${to.replace(/^\//, '')}`;
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  dispatchEvent(new Event(NAVIGATED));
  window.scrollTo(0, 0);
}

/** The link to a page; `page?key=value` with the values encoded. */
export function pageUrl(page: string, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${page}?${s}` : page;
}

/** An ordinary link that navigates within the app without reloading it. */
export function Link(props: { to: string; children: ComponentChildren; class?: string; title?: string; 'aria-current'?: 'page' | 'true' }): JSX.Element {
  const { to, children, ...rest } = props;
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={`${BASE}/${to}`} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
