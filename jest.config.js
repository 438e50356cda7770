// Two projects, told apart by file suffix: unit tests need nothing running; integration tests run
// against the cluster and database that `npm test` starts (see scripts/test.ts).
// The BPMN lint stack (bpmnlint's dependencies, bpmn-moddle's) ships ES modules only; jest on
// Node 20 cannot require those, so ts-jest transpiles them to CommonJS.
const esmOnly = [
  'min-dash',
  'min-dom',
  '@bpmn-io',
  'bpmnlint-utils',
  'moddle',
  'moddle-xml',
  'saxen',
  'feelin',
  '@lezer',
  'lezer-feel',
];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  '^.+\\.m?js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, esModuleInterop: true } }],
};
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: [`/node_modules/(?!.*/node_modules/)(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  testSequencer: '<rootDir>/scripts/lib/test-sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.unit.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/.data/'],
    },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/.data/'],
      slowTestThreshold: 30,
    },
    {
      // fault drills start, kill and restart brokers and databases of their own: minutes each
      ...common,
      displayName: 'drill',
      testMatch: ['<rootDir>/bench/drills/**/*.drill.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/.data/'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/.data/'],
    },
  ],
};
