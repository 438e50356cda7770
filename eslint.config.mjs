// One lint setup for the whole repository: typescript-eslint recommended; prettier does formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.cache/**', 'dist/**', 'web-modeler/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Promise mistakes need types: a promise nobody awaits or catches (its rejection crashes the
    // process or vanishes), and a promise passed where a callback's result is ignored. Each file is
    // checked with the tsconfig.json nearest to it (the root one, or web-modeler's).
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // plain CommonJS files that run before the TypeScript tooling is installed
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        process: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // scripts and benchmarks talk to a person on the terminal
    files: ['scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
