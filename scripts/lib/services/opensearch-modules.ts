/**
 * The OpenSearch modules Operate and Tasklist 8.6 need, which the integ-test distribution on Maven
 * Central lacks (it ships transport-netty4 only), and how each becomes a `modules/<name>/` folder:
 * its jar, its dependency jars the node does not already hold, `plugin-descriptor.properties`, and
 * `plugin-security.policy` where it needs permissions (the grants of upstream's
 * `modules/<name>/src/main/plugin-metadata/plugin-security.policy`).
 * What fails without each (seen with Operate and Tasklist 8.6.0): lang-painless — the importer
 * loops on "failed to execute script"; reindex — the archiver's `_reindex` and Tasklist's
 * `_delete_by_query` have no handler; analysis-common — the schema's `path_hierarchy` tokenizer and
 * `lowercase` normalizer are unknown, the web apps never get ready; parent-join — no `join` field
 * type, likewise; ingest-common — schema upgrades run ingest pipelines with painless processors.
 */
import type { ResolvedArtifact } from './maven';

export interface PolicyGrant {
  /** a jar of the module by name without version (`${codebase.<name>}`); all of its code when absent */
  codebase?: string;
  permissions: string[];
}

export interface OpenSearchModule {
  /** folder and plugin name */
  name: string;
  /** `org.opensearch.plugin:<artifactId>` on Maven Central */
  artifactId: string;
  classname: string;
  description: string;
  extendedPlugins: string[];
  policy: PolicyGrant[];
}

export const OPENSEARCH_MODULES: readonly OpenSearchModule[] = [
  {
    name: 'lang-painless',
    artifactId: 'lang-painless',
    classname: 'org.opensearch.painless.PainlessPlugin',
    description: 'An easy, safe and fast scripting language for OpenSearch',
    extendedPlugins: [],
    policy: [
      {
        permissions: [
          // generates runtime classes
          'java.lang.RuntimePermission "createClassLoader"',
          // finds the class loader to load allow-listed classes from
          'java.lang.RuntimePermission "getClassLoader"',
        ],
      },
    ],
  },
  {
    name: 'reindex',
    artifactId: 'reindex-client',
    classname: 'org.opensearch.index.reindex.ReindexPlugin',
    description:
      'The Reindex module adds APIs to reindex from one index to another or update documents in place.',
    extendedPlugins: [],
    policy: [
      // reindex from a remote cluster opens sockets with the REST client
      { permissions: ['java.net.SocketPermission "*", "connect"'] },
      // the REST client reads the default proxy from the system properties
      { codebase: 'opensearch-rest-client', permissions: ['java.net.NetPermission "getProxySelector"'] },
      { codebase: 'httpasyncclient', permissions: ['java.net.NetPermission "getProxySelector"'] },
    ],
  },
  {
    name: 'analysis-common',
    artifactId: 'analysis-common',
    classname: 'org.opensearch.analysis.common.CommonAnalysisPlugin',
    description: 'Adds "built in" analyzers to OpenSearch.',
    extendedPlugins: ['lang-painless'],
    policy: [],
  },
  {
    name: 'parent-join',
    artifactId: 'parent-join-client',
    classname: 'org.opensearch.join.ParentJoinPlugin',
    description: 'This module adds the support parent-child queries and aggregations',
    extendedPlugins: [],
    policy: [],
  },
  {
    name: 'ingest-common',
    artifactId: 'ingest-common',
    classname: 'org.opensearch.ingest.common.IngestCommonPlugin',
    description:
      'Module for ingest processors that do not require additional security permissions or have large dependencies and resources',
    extendedPlugins: ['lang-painless'],
    policy: [],
  },
];

/** `plugin-descriptor.properties`, keyed like the shipped `modules/transport-netty4/` one. */
export function pluginDescriptor(m: OpenSearchModule, opensearchVersion: string): string {
  return [
    `description=${m.description}`,
    `version=${opensearchVersion}`,
    `name=${m.name}`,
    `classname=${m.classname}`,
    'java.version=11',
    `opensearch.version=${opensearchVersion}`,
    'custom.foldername=',
    `extended.plugins=${m.extendedPlugins.join(',')}`,
    'has.native.controller=false',
    '',
  ].join('\n');
}

/** `plugin-security.policy`, or undefined when the module needs no permissions. */
export function securityPolicy(m: OpenSearchModule): string | undefined {
  if (m.policy.length === 0) return undefined;
  const grants = m.policy.map((g) => {
    const head = g.codebase ? `grant codeBase "\${codebase.${g.codebase}}" {` : 'grant {';
    return [head, ...g.permissions.map((p) => `  permission ${p};`), '};'].join('\n');
  });
  return `// Generated from the grants of OpenSearch's modules/${m.name}/src/main/plugin-metadata/plugin-security.policy\n${grants.join('\n\n')}\n`;
}

/** Name of a jar without its version: "httpasyncclient-4.1.5.jar" → "httpasyncclient" (OpenSearch's codebase alias). */
export function jarStem(fileName: string): string {
  return fileName.replace(/-\d+\.\d+.*\.jar$/, '');
}

/**
 * The jars that go into a module's folder: the resolved ones minus those the node already loads
 * (its `lib/`, or a module it extends — a second copy is "jar hell" and stops the node).
 */
export function moduleJars(resolved: ResolvedArtifact[], alreadyLoaded: string[]): ResolvedArtifact[] {
  const loaded = new Set(alreadyLoaded.map(jarStem));
  return resolved.filter((a) => a.type === 'jar' && !loaded.has(a.artifactId));
}

/** Each `${codebase.x}` of the policy must name a jar of the folder, or the node refuses to start. */
export function missingCodebases(m: OpenSearchModule, jarFileNames: string[]): string[] {
  const stems = new Set(jarFileNames.map(jarStem));
  return m.policy.flatMap((g) => (g.codebase && !stems.has(g.codebase) ? [g.codebase] : []));
}
