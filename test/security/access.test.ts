import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { antMatch } from '../../src/security/ant-path.js';
import { ANONYMOUS, principalOf, type Principal } from '../../src/security/authenticate.js';
import {
  administeredWorkspaces,
  buildSecureTree,
  canAccessGlobalGroup,
  canAccessLayer,
  canAccessWorkspace,
  canAdminWorkspace,
  deniedOutcome,
} from '../../src/security/data-access.js';
import { readSecurityFolder } from '../../src/security/folder.js';
import { restAccess } from '../../src/security/rest-access.js';
import { parseDataRule, parseRestRule } from '../../src/security/rules.js';
import { serviceAccess } from '../../src/security/service-access.js';
import { createSecurityView } from '../../src/security/view.js';

const rich = readSecurityFolder(path.resolve(__dirname, '../fixtures/security-rich'))!.state;
const release = readSecurityFolder(path.resolve(__dirname, '../fixtures/security-release'))!.state;
const view = createSecurityView(rich);
const who = (name: string, service = 'default'): Principal => principalOf(view, service, name);
const [admin, alice, bob, eve, frank] = [who('admin'), who('alice'), who('bob'), who('eve'), who('frank', 'partners')];

describe("Spring's AntPathMatcher, as GeoServer's REST rules use it", () => {
  it.each([
    ['/**', '/rest/workspaces/topp.xml', true],
    ['/**', '/', true],
    ['/rest/**', '/rest', true],
    ['/rest/**', '/restx', false],
    ['/rest/workspaces/topp*', '/rest/workspaces/topp.xml', true],
    ['/rest/workspaces/topp*', '/rest/workspaces/topp/datastores', false],
    ['/rest/workspaces/topp/**', '/rest/workspaces/topp/datastores/a/featuretypes', true],
    ['/rest/**/styles', '/rest/workspaces/a/styles', true],
    ['/rest/**/styles', '/rest/workspaces/a/layers', false],
    ['/rest/l?yers', '/rest/layers', true],
    ['/rest/', '/rest', false],
    ['rest/**', '/rest/x', false],
  ])('%s against %s → %s', (pattern, p, expected) => {
    expect(antMatch(pattern, p) !== undefined).toBe(expected);
  });

  it('captures {variables}, the last dot starting an extension', () => {
    expect(antMatch('/rest/workspaces/{workspace}.{ext}', '/rest/workspaces/it.geosolutions.json')).toEqual({ workspace: 'it.geosolutions', ext: 'json' });
    expect(antMatch('/rest/workspaces/{workspace}/**', '/rest/workspaces/topp/datastores')).toEqual({ workspace: 'topp' });
    expect(antMatch('/rest/{id:[0-9]+}', '/rest/12')).toEqual({ id: '12' });
    expect(antMatch('/rest/{id:[0-9]+}', '/rest/ab')).toBeUndefined();
  });
});

describe('REST access (rest.properties through GeoServer restInterceptor)', () => {
  const ctx = { rules: release.restRules };

  it('lets ROLE_ADMINISTRATOR in and asks anyone else: 401 without credentials, 403 with', () => {
    expect(restAccess(ctx, admin, 'GET', '/rest/workspaces.json')).toEqual({ allowed: true, by: 'rule', rule: '/**:GET,HEAD,OPTIONS' });
    expect(restAccess(ctx, admin, 'DELETE', '/rest/workspaces/topp')).toMatchObject({ allowed: true, rule: '/**:POST,DELETE,PUT' });
    expect(restAccess(ctx, undefined, 'GET', '/rest/workspaces')).toEqual({ allowed: false, reason: 'unauthenticated', rule: '/**:GET,HEAD,OPTIONS' });
    expect(restAccess(ctx, ANONYMOUS, 'GET', '/rest/workspaces')).toMatchObject({ allowed: false, reason: 'unauthenticated' });
    expect(restAccess(ctx, bob, 'GET', '/rest/workspaces')).toMatchObject({ allowed: false, reason: 'forbidden' });
  });

  it('denies a method no rule lists: every voter abstains and allowIfAllAbstainDecisions is false', () => {
    expect(restAccess(ctx, admin, 'PATCH', '/rest/workspaces')).toEqual({ allowed: false, reason: 'forbidden' });
  });

  it('matches the first rule in file order, on the path without query, trailing slash or case', () => {
    const r = { rules: rich.restRules };
    expect(restAccess(r, alice, 'GET', '/rest/workspaces/topp/datastores.json?quietOnNotFound=true')).toMatchObject({ allowed: true, rule: '/rest/workspaces/topp/**:GET' });
    expect(restAccess(r, alice, 'GET', '/REST/Workspaces/TOPP/datastores/')).toMatchObject({ allowed: true });
    expect(restAccess(r, alice, 'GET', '/rest/workspaces/sf/datastores')).toMatchObject({ allowed: false, reason: 'forbidden' });
    expect(restAccess(r, undefined, 'GET', '/rest/about/version.json')).toMatchObject({ allowed: true, rule: '/rest/about/**:GET' });
    // admin is not READER: the first matching rule decides, the /** rule after it is never reached
    expect(restAccess(r, admin, 'GET', '/rest/workspaces/topp/datastores')).toMatchObject({ allowed: false, reason: 'forbidden' });
    const reordered = r.rules.map((rule) => (rule.pattern === '/**' ? { ...rule, position: String(-1 - Number(rule.position)) } : rule));
    expect(restAccess({ rules: reordered }, admin, 'GET', '/rest/workspaces/topp/datastores')).toMatchObject({ allowed: true, rule: '/**:GET,HEAD,OPTIONS' });
  });

  it('understands IS_AUTHENTICATED_FULLY for any logged-in user, never for anonymous', () => {
    const rules = [parseRestRule('/rest/security/self/**;PUT', 'IS_AUTHENTICATED_FULLY', ';', 0)];
    expect(restAccess({ rules }, frank, 'PUT', '/rest/security/self/password')).toMatchObject({ allowed: true });
    expect(restAccess({ rules }, undefined, 'PUT', '/rest/security/self/password')).toMatchObject({ allowed: false, reason: 'unauthenticated' });
  });
});

describe('workspace administrators (layers.properties ws.*.a, rest.workspaceadmin.defaults.properties)', () => {
  const tree = buildSecureTree(rich.dataRules);
  const ctx = { rules: release.restRules, tree, workspaces: ['topp', 'sf', 'it.geosolutions'] };

  it('may read the lists (limited to their workspaces) and change their own workspace', () => {
    expect(restAccess(ctx, eve, 'GET', '/rest/workspaces.json')).toEqual({ allowed: true, by: 'workspace-admin', workspaces: ['topp'] });
    expect(restAccess(ctx, eve, 'POST', '/rest/workspaces/topp/datastores')).toEqual({ allowed: true, by: 'workspace-admin', workspaces: ['topp'], workspace: 'topp' });
    expect(restAccess(ctx, eve, 'PUT', '/rest/workspaces/topp.xml')).toMatchObject({ allowed: true, workspace: 'topp' });
    expect(restAccess(ctx, eve, 'DELETE', '/rest/layers/topp:states')).toMatchObject({ allowed: true, workspace: 'topp' });
    expect(restAccess(ctx, eve, 'PUT', '/rest/resource/workspaces/topp/styles/x.png')).toMatchObject({ allowed: true, workspace: 'topp' });
  });

  it('may even remove their own workspace: `/rest/workspaces/{workspace}/**` also matches the workspace itself', () => {
    expect(restAccess(ctx, eve, 'DELETE', '/rest/workspaces/topp')).toMatchObject({ allowed: true, workspace: 'topp' });
  });

  it('may change nothing else: another workspace, a new workspace, global settings, users', () => {
    for (const [method, p] of [
      ['POST', '/rest/workspaces/sf/datastores'],
      ['DELETE', '/rest/layers/sf:roads'],
      ['POST', '/rest/workspaces'],
      ['PUT', '/rest/settings'],
      ['POST', '/rest/security/usergroup/users'],
    ]) {
      expect(restAccess(ctx, eve, method, p)).toMatchObject({ allowed: false, reason: 'forbidden' });
    }
  });

  it('is no workspace administrator without a ws.*.a rule, and anonymous never is', () => {
    expect(restAccess(ctx, alice, 'GET', '/rest/workspaces')).toMatchObject({ allowed: false });
    expect(restAccess(ctx, undefined, 'GET', '/rest/workspaces')).toMatchObject({ allowed: false, reason: 'unauthenticated' });
  });
});

describe('layer security decisions (DefaultResourceAccessManager, SecureTreeNode)', () => {
  const tree = buildSecureTree(rich.dataRules);

  it('falls back from layer to workspace to the *.*.mode rules', () => {
    expect(canAccessLayer(tree, ANONYMOUS, 'topp', 'roads', 'r')).toBe(true);
    expect(canAccessLayer(tree, ANONYMOUS, 'topp', 'states', 'r')).toBe(false);
    expect(canAccessLayer(tree, alice, 'topp', 'states', 'r')).toBe(true); // READER through EDITOR
    expect(canAccessLayer(tree, alice, 'topp', 'roads', 'w')).toBe(true); // topp.*.w=EDITOR, TOPP_ADMIN
    expect(canAccessLayer(tree, frank, 'topp', 'roads', 'w')).toBe(false);
    expect(canAccessLayer(tree, frank, 'sf', 'roads', 'w')).toBe(false); // *.*.w=GROUP_ADMIN,ADMIN
  });

  it('lets ROLE_ADMINISTRATOR through every rule', () => {
    expect(canAccessLayer(tree, admin, 'topp', 'states', 'r')).toBe(true);
    expect(canAccessWorkspace(tree, admin, 'it.geosolutions', 'w')).toBe(true);
  });

  it('reads names with escaped dots and global layer groups', () => {
    expect(canAccessWorkspace(tree, bob, 'it.geosolutions', 'r')).toBe(true);
    expect(canAccessWorkspace(tree, frank, 'it.geosolutions', 'r')).toBe(false);
    expect(canAccessGlobalGroup(tree, frank, 'basemap', 'r')).toBe(true);
    expect(canAccessGlobalGroup(tree, ANONYMOUS, 'basemap', 'r')).toBe(false);
  });

  it('keeps a workspace readable when a layer inside it is (the drill-down of canAccess(WorkspaceInfo, READ))', () => {
    const t = buildSecureTree([parseDataRule('secret.*.r', 'NOBODY'), parseDataRule('secret.open.r', '*')]);
    expect(canAccessWorkspace(t, ANONYMOUS, 'secret', 'r')).toBe(true);
    expect(canAccessWorkspace(t, ANONYMOUS, 'secret', 'w')).toBe(true);
    expect(canAccessLayer(t, ANONYMOUS, 'secret', 'closed', 'r')).toBe(false);
  });

  it('tells workspace administrators (root admin is ROLE_ADMINISTRATOR only)', () => {
    expect(canAdminWorkspace(tree, eve, 'topp')).toBe(true);
    expect(canAdminWorkspace(tree, eve, 'sf')).toBe(false);
    expect(administeredWorkspaces(tree, admin, ['topp', 'sf'])).toEqual(['topp', 'sf']);
    expect(administeredWorkspaces(tree, alice, ['topp', 'sf'])).toEqual([]);
  });

  it('answers a denial by catalog mode: HIDE hides, MIXED challenges direct access, CHALLENGE shows metadata', () => {
    expect([deniedOutcome('HIDE', 'listing'), deniedOutcome('HIDE', 'data')]).toEqual(['hide', 'hide']);
    expect([deniedOutcome('MIXED', 'listing'), deniedOutcome('MIXED', 'metadata'), deniedOutcome('MIXED', 'data')]).toEqual(['hide', 'challenge', 'challenge']);
    expect([deniedOutcome('CHALLENGE', 'listing'), deniedOutcome('CHALLENGE', 'metadata'), deniedOutcome('CHALLENGE', 'data')]).toEqual(['show', 'show', 'challenge']);
  });
});

describe('service security decisions (OperationSecurityCallback)', () => {
  const rules = rich.serviceRules;

  it('lets everybody in where *.* says so, and the most specific matching rule wins', () => {
    expect(serviceAccess(rules, ANONYMOUS, 'WMS', 'GetMap')).toEqual({ allowed: true, rule: '*.*' });
    expect(serviceAccess(rules, ANONYMOUS, 'wfs', 'GetFeature')).toEqual({ allowed: false, reason: 'unauthenticated', rule: 'wfs.*' });
    expect(serviceAccess(rules, frank, 'WFS', 'GetFeature')).toEqual({ allowed: true, rule: 'wfs.*' });
    expect(serviceAccess(rules, frank, 'WFS', 'transaction')).toEqual({ allowed: false, reason: 'forbidden', rule: 'wfs.Transaction' });
    expect(serviceAccess(rules, alice, 'WFS', 'Transaction')).toEqual({ allowed: true, rule: 'wfs.Transaction' });
  });

  it('gives ROLE_ADMINISTRATOR no pass, and lets everything in without rules', () => {
    expect(serviceAccess(rules, admin, 'wps', 'Execute')).toMatchObject({ allowed: false, reason: 'forbidden' });
    expect(serviceAccess([], ANONYMOUS, 'wps', 'Execute')).toEqual({ allowed: true });
  });
});
