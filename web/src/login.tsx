import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, login, type SessionInfo } from './api.js';
import { ErrorText, TextField } from './parts/fields.js';

/** The login form: the same users and passwords as the REST API. */
export function Login(p: { onLogin: (s: SessionInfo) => void; notice?: string }): JSX.Element {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      p.onLogin(await login(username, password));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong user name or password.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form onSubmit={submit} aria-label="Log in">
        <h1>geocluster</h1>
        <p class="muted">Log in to administer this node and its cluster.</p>
        {p.notice && <p class="notice" role="status">{p.notice}</p>}
        <TextField label="User name" name="username" value={username} onInput={setUsername} autoComplete="username" required />
        <TextField label="Password" name="password" type="password" value={password} onInput={setPassword} autoComplete="current-password" required />
        <ErrorText error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
