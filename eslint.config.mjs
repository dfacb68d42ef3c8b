// ESLint with typescript-eslint, after the Temporal TypeScript samples: the recommended rules, with
// type information for no-floating-promises (an un-awaited Temporal call fails silently) and
// no-deprecated, and workflow code kept deterministic by what it may import. Prettier owns formatting (eslint-config-prettier).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
/** Side-effecting parts of the project: a workflow or the pure core may use their types only. */
const sideEffectModules = ['activities', 'api', 'config', 'ledger', 'platform', 'worker'].map((dir) => ({
  group: [`../${dir}`, `../${dir}/**`, `../../${dir}`, `../../${dir}/**`],
  allowTypeImports: true,
  message: `workflow and domain code may import only the types of ${dir}/ (it is not deterministic)`,
}));

export default tseslint.config(
  { ignores: ['dist/', '.cache/', '.data/', 'coverage/', 'node_modules/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-deprecated': 'error',
      'object-shorthand': ['error', 'always'],
      // As in the samples: `any` is allowed where a test or a boundary needs it.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: @temporalio/workflow (and the
    // workflow-safe @temporalio/common), pure modules, nothing from Node or the side-effecting parts.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            { group: ['@temporalio/*', '!@temporalio/workflow', '!@temporalio/common'], message: 'workflow code imports @temporalio/workflow only' },
            ...sideEffectModules,
          ],
        },
      ],
    },
  },
  {
    // The pure core: no Temporal, no Node, no side effects (README, Architecture).
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            { group: ['@temporalio/*'], message: 'domain/ is pure: no Temporal import' },
            ...sideEffectModules,
            { group: ['../workflows', '../workflows/**', '../../workflows', '../../workflows/**'], message: 'domain/ does not depend on workflows/' },
          ],
        },
      ],
    },
  },
  {
    // No reaching into a package's internals: its lib/ is not its API.
    files: ['**/*.ts'],
    ignores: ['workflows/**', 'domain/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@*/*/lib/*', '*/lib/*', '!./**', '!../**'], message: "import from the package's entry point, not its lib/" }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    // The jest configs and transform are CommonJS, which loads with require().
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
