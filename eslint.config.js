// Type-aware linting, plus the layering rules of the architecture guide (shared is pure; the
// renderer never reaches into main; only the Electron shell and the preload import electron).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];
const restrict = (paths, patterns) => [
  'error',
  {
    paths: paths.map((name) => ({ name, message: 'not allowed in this layer (see docs/architecture)' })),
    patterns,
  },
];
const outside = (...folders) =>
  folders.map((f) => ({
    group: [`**/${f}/**`, `**/${f}`],
    message: `this layer must not import from src/${f}`,
  }));

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['bin/*.js', 'scripts/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // We do not run the React Compiler; this rule only says it would skip memoizing a component.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': restrict(['electron', 'ws', ...nodeBuiltins], outside('main', 'preload')),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['electron', 'react', 'react-dom', 'ws', ...nodeBuiltins],
        outside('main', 'renderer', 'preload'),
      ),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'window', 'document', 'require'],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/app/**'],
    rules: {
      'no-restricted-imports': restrict(['electron', 'react', 'react-dom'], outside('renderer', 'preload')),
    },
  },
  {
    files: ['src/main/app/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['react', 'react-dom'], outside('renderer', 'preload')) },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['react', 'react-dom', 'ws', ...nodeBuiltins],
        outside('main', 'renderer'),
      ),
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
