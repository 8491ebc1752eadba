import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api.js';

export const ApiContext = createContext<Api | undefined>(undefined);

/** The logged-in session's REST client. */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside a logged-in session');
  return api;
}
