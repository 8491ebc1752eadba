import { formatProperties } from '../config/java-properties.js';

/**
 * Texts GeoServer writes into a new security folder, taken from its sources: the property file
 * templates it copies when a file is missing (src/main/src/main/java/org/geoserver/security/impl/
 * rest.properties.template, layers.properties.template, serviceTemplate.properties, as the release
 * data directory data/release/security ships them), and the configs of the filters, password
 * policies and authentication provider that GeoServerSecurityManager.migrateFrom21/22 creates.
 */
export const REST_PROPERTIES_TEMPLATE = `# Default REST security configuration.
# 
# By default this configuration locks down every rest call. The following is an example of a more
# lax configuration in which read only (GET) access is allowed anonymously:
# 
#/**;GET=IS_AUTHENTICATED_ANONYMOUSLY
#/**;POST,DELETE,PUT=ADMIN
#
# The following is an example of a configuration that could be used with the restconfig plugin in 
# which only configuration in a specific workspace is restricted:
#
#/rest/workspaces/topp*;GET=ADMIN
#/rest/workspaces/topp/**;GET=ADMIN
#/**;POST,DELETE,PUT=ADMIN
#
#
/**;GET,HEAD,OPTIONS=ROLE_ADMINISTRATOR
/**;POST,DELETE,PUT=ROLE_ADMINISTRATOR

`;

export const LAYERS_PROPERTIES_TEMPLATE = `*.*.r=*
*.*.w=GROUP_ADMIN,ADMIN
mode=HIDE
`;

export const SERVICES_PROPERTIES_TEMPLATE = `# The format here is service[.method]=ROLE1,...,ROLEN
# ([method] being optional if you want to apply the rule to all calls to a specific service
# A user can access a service only if he has one of the specified roles
# If not specified in this file, a service or method will be considered unsecured

# Uncomment the following config if you want to test securing WFS service
#wfs.GetFeature=ROLE_WFS_READ
#wfs.Transaction=ROLE_WFS_WRITE
`;

/**
 * security/config.xml of the release data directory (data/release/security/config.xml), except
 * for the remember-me key: the release ships the well-known key `geoserver`, with which anyone
 * could forge a remember-me cookie, so a fresh folder gets a random one.
 */
export function securityConfigXml(rememberMeKey: string): string {
  return `<security>
  <roleServiceName>default</roleServiceName>
  <authProviderNames>
    <string>default</string>
  </authProviderNames>
  <configPasswordEncrypterName>pbePasswordEncoder</configPasswordEncrypterName>
  <encryptingUrlParams>false</encryptingUrlParams>
  <filterChain>
    <filters name="web" class="org.geoserver.security.HtmlLoginFilterChain" interceptorName="interceptor" exceptionTranslationName="exception" path="/web/**,/gwc/rest/web/**,/" disabled="false" allowSessionCreation="true" ssl="false" matchHTTPMethod="false">
      <filter>rememberme</filter>
      <filter>form</filter>
      <filter>anonymous</filter>
    </filters>
    <filters name="webLogin" class="org.geoserver.security.ConstantFilterChain" path="/j_spring_security_check,/j_spring_security_check/" disabled="false" allowSessionCreation="true" ssl="false" matchHTTPMethod="false">
      <filter>form</filter>
    </filters>
    <filters name="webLogout" class="org.geoserver.security.LogoutFilterChain" path="/j_spring_security_logout,/j_spring_security_logout/" disabled="false" allowSessionCreation="false" ssl="false" matchHTTPMethod="false">
      <filter>formLogout</filter>
    </filters>
    <filters name="rest" class="org.geoserver.security.ServiceLoginFilterChain" interceptorName="restInterceptor" exceptionTranslationName="exception" path="/rest.*,/rest/**" disabled="false" allowSessionCreation="false" ssl="false" matchHTTPMethod="false">
      <filter>basic</filter>
      <filter>anonymous</filter>
    </filters>
    <filters name="gwc" class="org.geoserver.security.ServiceLoginFilterChain" interceptorName="restInterceptor" exceptionTranslationName="exception" path="/gwc/rest.*,/gwc/rest/**" disabled="false" allowSessionCreation="false" ssl="false" matchHTTPMethod="false">
      <filter>basic</filter>
    </filters>
    <filters name="default" class="org.geoserver.security.ServiceLoginFilterChain" interceptorName="interceptor" exceptionTranslationName="exception" path="/**" disabled="false" allowSessionCreation="false" ssl="false" matchHTTPMethod="false">
      <filter>basic</filter>
      <filter>anonymous</filter>
    </filters>
  </filterChain>
  <rememberMeService>
    <className>org.geoserver.security.rememberme.GeoServerTokenBasedRememberMeServices</className>
    <key>${rememberMeKey}</key>
  </rememberMeService>
</security>`;
}

/** security/version.properties: the security layout version, so GeoServer runs no migration on it. */
export function versionProperties(now: Date): string {
  return `#Current version of the security directory. Do not remove or alter this file\n${formatProperties([['version', '2.5']], now)}`;
}

/** The filters security/config.xml's chains name, as GeoServer writes their config.xml (no final newline). */
export function filterConfigs(uid: (n: number) => string): Map<string, string> {
  const configs: Array<[string, string, string]> = [
    ['anonymous', 'anonymousAuthentication', 'org.geoserver.security.filter.GeoServerAnonymousAuthenticationFilter'],
    ['basic', 'basicAuthentication', 'org.geoserver.security.filter.GeoServerBasicAuthenticationFilter\n  <useRememberMe>true</useRememberMe>'],
    ['exception', 'exceptionTranslation', 'org.geoserver.security.filter.GeoServerExceptionTranslationFilter'],
    ['form', 'usernamePasswordFilter', 'org.geoserver.security.filter.GeoServerUserNamePasswordAuthenticationFilter\n  <passwordParameterName>password</passwordParameterName>\n  <usernameParameterName>username</usernameParameterName>'],
    ['formLogout', 'logoutFilter', 'org.geoserver.security.filter.GeoServerLogoutFilter\n  <redirectURL>/web/</redirectURL>'],
    ['interceptor', 'securityInterceptor', 'org.geoserver.security.filter.GeoServerSecurityInterceptorFilter\n  <allowIfAllAbstainDecisions>false</allowIfAllAbstainDecisions>\n  <securityMetadataSource>geoserverMetadataSource</securityMetadataSource>'],
    ['rememberme', 'rememberMeAuthentication', 'org.geoserver.security.filter.GeoServerRememberMeAuthenticationFilter'],
    ['restInterceptor', 'securityInterceptor', 'org.geoserver.security.filter.GeoServerSecurityInterceptorFilter\n  <allowIfAllAbstainDecisions>false</allowIfAllAbstainDecisions>\n  <securityMetadataSource>restFilterDefinitionMap</securityMetadataSource>'],
  ];
  const out = new Map<string, string>();
  configs.forEach(([name, root, body], i) => {
    const [className, ...rest] = body.split('\n');
    const lines = [`<${root}>`, `  <id>${uid(i + 1)}</id>`, `  <name>${name}</name>`, `  <className>${className}</className>`, ...rest, `</${root}>`];
    out.set(`security/filter/${name}/config.xml`, lines.join('\n'));
  });
  return out;
}

/** security/pwpolicy/<name>/config.xml: any password for users, 8 characters for the keystore. */
export function passwordPolicy(name: 'default' | 'master', id: string): string {
  return [
    '<passwordPolicy>',
    `  <id>${id}</id>`,
    `  <name>${name}</name>`,
    '  <className>org.geoserver.security.validation.PasswordValidatorImpl</className>',
    '  <uppercaseRequired>false</uppercaseRequired>',
    '  <lowercaseRequired>false</lowercaseRequired>',
    '  <digitRequired>false</digitRequired>',
    `  <minLength>${name === 'master' ? 8 : 0}</minLength>`,
    '  <maxLength>-1</maxLength>',
    '</passwordPolicy>',
  ].join('\n');
}
