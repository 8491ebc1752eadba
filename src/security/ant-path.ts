/**
 * Spring's AntPathMatcher, which GeoServer's REST rules use (RESTfulDefinitionSourceDelegateMap,
 * WorkspaceAdminRestAccessRule): `?` one character, `*` any characters inside one path segment,
 * `**` any number of segments, `{name}` a segment part captured as a variable (`{name:regex}`
 * with its own expression). Segments are split on '/', empty ones ignored; a pattern and a path
 * must agree on a leading '/' and, when both end, on a trailing one.
 */
export type PathVariables = Record<string, string>;

/** The variables captured when the path matches the pattern, or undefined when it does not. */
export function antMatch(pattern: string, path: string): PathVariables | undefined {
  if (path.startsWith('/') !== pattern.startsWith('/')) return undefined;
  const vars: PathVariables = {};
  return matchFrom(tokens(pattern), 0, tokens(path), 0, { pattern, path, vars }) ? vars : undefined;
}

interface Whole {
  pattern: string;
  path: string;
  vars: PathVariables;
}

function tokens(s: string): string[] {
  return s.split('/').filter((t) => t !== '');
}

function matchFrom(pat: string[], p: number, path: string[], s: number, whole: Whole): boolean {
  while (p < pat.length && s < path.length && pat[p] !== '**') {
    if (!matchSegment(pat[p], path[s], whole.vars)) return false;
    p++;
    s++;
  }
  if (s === path.length) return restMatchesNothing(pat, p, whole);
  if (p === pat.length) return false;
  // pat[p] is '**': skip repeated ones, then try every place the rest of the pattern could start
  while (p < pat.length && pat[p] === '**') p++;
  if (p === pat.length) return true;
  for (let from = s; from < path.length; from++) {
    const vars = { ...whole.vars };
    if (matchFrom(pat, p, path, from, { ...whole, vars })) {
      Object.assign(whole.vars, vars);
      return true;
    }
  }
  return false;
}

/** The path is used up: what is left of the pattern must be able to match nothing. */
function restMatchesNothing(pat: string[], p: number, whole: Whole): boolean {
  if (p === pat.length) return whole.pattern.endsWith('/') === whole.path.endsWith('/');
  if (p === pat.length - 1 && pat[p] === '*' && whole.path.endsWith('/')) return true;
  for (let i = p; i < pat.length; i++) if (pat[i] !== '**') return false;
  return true;
}

function matchSegment(pattern: string, segment: string, vars: PathVariables): boolean {
  if (pattern === '*') return true;
  if (!/[*?{]/.test(pattern)) return pattern === segment;
  const compiled = compileSegment(pattern);
  const m = compiled.regex.exec(segment);
  if (!m) return false;
  compiled.names.forEach((name, i) => (vars[name] = m[i + 1]));
  return true;
}

function compileSegment(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) {
        source += '\\{';
        continue;
      }
      const [name, regex] = splitVariable(pattern.slice(i + 1, end));
      names.push(name);
      source += `(${regex ?? '.*'})`;
      i = end;
    } else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return { regex: new RegExp(`^${source}$`, 's'), names };
}

function splitVariable(body: string): [string, string | undefined] {
  const colon = body.indexOf(':');
  return colon < 0 ? [body, undefined] : [body.slice(0, colon), body.slice(colon + 1)];
}

/** Why a pattern cannot be used (a `{name:regex}` whose expression does not compile), or undefined. */
export function antPatternProblem(pattern: string): string | undefined {
  for (const segment of tokens(pattern)) {
    if (!/[*?{]/.test(segment) || segment === '*' || segment === '**') continue;
    try {
      compileSegment(segment);
    } catch (err) {
      return `'${segment}' is not a valid path pattern: ${(err as Error).message}`;
    }
  }
  return undefined;
}
