import {
  OPENSEARCH_MODULES,
  jarStem,
  missingCodebases,
  moduleJars,
  pluginDescriptor,
  securityPolicy,
  type OpenSearchModule,
} from './opensearch-modules';
import type { ResolvedArtifact } from './maven';

const spec = (name: string) => OPENSEARCH_MODULES.find((m) => m.name === name)!;
const jar = (artifactId: string, version: string): ResolvedArtifact => ({
  groupId: 'g',
  artifactId,
  version,
  type: 'jar',
  file: `/m2/${artifactId}-${version}.jar`,
});

describe('pluginDescriptor', () => {
  it('has every key of the shipped transport-netty4 descriptor, for this OpenSearch version', () => {
    // when the analysis-common descriptor is written
    const text = pluginDescriptor(spec('analysis-common'), '2.19.6');
    const props = Object.fromEntries(
      text
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );

    // then it names its class, version and the module it extends
    expect(Object.keys(props).sort()).toEqual(
      [
        'classname',
        'custom.foldername',
        'description',
        'extended.plugins',
        'has.native.controller',
        'java.version',
        'name',
        'opensearch.version',
        'version',
      ].sort(),
    );
    expect(props).toMatchObject({
      name: 'analysis-common',
      classname: 'org.opensearch.analysis.common.CommonAnalysisPlugin',
      version: '2.19.6',
      'opensearch.version': '2.19.6',
      'extended.plugins': 'lang-painless',
    });
  });
});

describe('securityPolicy', () => {
  it("writes painless's grants and none for a module that needs no permissions", () => {
    expect(securityPolicy(spec('lang-painless'))).toMatch(
      /grant \{\n {2}permission java\.lang\.RuntimePermission "createClassLoader";\n {2}permission java\.lang\.RuntimePermission "getClassLoader";\n\};/,
    );
    expect(securityPolicy(spec('parent-join'))).toBeUndefined();
  });

  it('grants the REST client jars of reindex by their version-less codebase names', () => {
    const policy = securityPolicy(spec('reindex'))!;
    expect(policy).toContain('grant codeBase "${codebase.opensearch-rest-client}" {');
    expect(policy).toContain('grant codeBase "${codebase.httpasyncclient}" {');
    expect(policy).toContain('permission java.net.SocketPermission "*", "connect";');
  });
});

describe('moduleJars', () => {
  it('leaves out jars the node already loads from lib/ or from an extended module', () => {
    // given reindex's resolved dependencies, two of them already in lib/ in the same or another version
    const resolved = [
      jar('reindex-client', '2.19.6'),
      jar('httpasyncclient', '4.1.5'),
      jar('opensearch-common', '2.19.6'),
      jar('reactor-core', '3.7.19'),
    ];
    const lib = ['opensearch-common-2.19.6.jar', 'reactor-core-3.7.18.jar', 'lucene-core-9.12.3.jar'];

    // when the module folder's jars are chosen
    const chosen = moduleJars(resolved, lib).map((a) => a.artifactId);

    // then only the module's own jars remain (a second copy would be "jar hell")
    expect(chosen).toEqual(['reindex-client', 'httpasyncclient']);
  });
});

describe('missingCodebases', () => {
  const reindex: OpenSearchModule = spec('reindex');
  it('names a policy codebase without a jar in the folder', () => {
    expect(
      missingCodebases(reindex, ['reindex-client-2.19.6.jar', 'opensearch-rest-client-2.19.6.jar']),
    ).toEqual(['httpasyncclient']);
    expect(
      missingCodebases(reindex, ['opensearch-rest-client-2.19.6.jar', 'httpasyncclient-4.1.5.jar']),
    ).toEqual([]);
  });

  it('reads jar names the way OpenSearch aliases codebases', () => {
    expect(jarStem('httpasyncclient-4.1.5.jar')).toBe('httpasyncclient');
    expect(jarStem('opensearch-rest-client-2.19.6.jar')).toBe('opensearch-rest-client');
    expect(jarStem('antlr4-runtime-4.13.1.jar')).toBe('antlr4-runtime');
  });
});
