import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, readSession, type SessionInfo } from './api.js';
import { ApiContext } from './app-context.js';
import { LiveProvider } from './live.js';
import { Login } from './login.js';
import { Shell } from './shell.js';

/** The app: the login page until a session exists, then the admin pages. */
export function App(): JSX.Element {
  const [session, setSession] = useState<SessionInfo>();
  const [expired, setExpired] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    readSession()
      .then(setSession)
      .catch((err: Error) => setError(`This node does not answer: ${err.message}`));
  }, []);

  const api = useMemo(() => {
    if (!session?.user || !session.csrfToken) return undefined;
    return new Api(session.csrfToken, () => {
      setExpired(true);
      setSession({ user: null });
    });
  }, [session]);

  if (error) return <p class="error page-error" role="alert">{error}</p>;
  if (!session) return <p class="loading">Loading…</p>;
  if (!api) {
    const onLogin = (s: SessionInfo) => {
      setExpired(false);
      setSession(s);
    };
    return <Login onLogin={onLogin} notice={expired ? 'Your session has expired: log in again.' : undefined} />;
  }
  const logout = () => void api.logout().finally(() => setSession({ user: null }));
  return (
    <ApiContext.Provider value={api}>
      <LiveProvider api={api} user={session.user!} onLogout={logout}>
        <Shell user={session.user!} warnings={session.warnings ?? []} onLogout={logout} />
      </LiveProvider>
    </ApiContext.Provider>
  );
}
