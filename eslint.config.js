import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Lower folders never import higher ones (DESIGN.md, "One picture"). */
const boundaries = {
  domain: ['records', 'store', 'access', 'operations', 'providers', 'actions', 'http', 'cli', 'engine'],
  records: ['store', 'access', 'operations', 'providers', 'actions', 'http', 'cli', 'engine'],
  store: ['access', 'operations', 'providers', 'actions', 'http', 'cli', 'engine'],
  access: ['operations', 'providers', 'actions', 'http', 'cli', 'engine'],
  providers: ['operations', 'actions', 'http', 'cli', 'engine'],
  operations: ['actions', 'http', 'cli', 'engine'],
  actions: ['http', 'cli', 'engine'],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.b2b-checkout/**', 'bin/**', 'scratch/**', '**/*.mjs', 'eslint.config.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  ...Object.entries(boundaries).map(([folder, higher]) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: higher.map((name) => ({
            group: [`**/${name}/**`, `**/${name}.js`],
            message: `src/${folder} must not import src/${name} (DESIGN.md)`,
          })),
        },
      ],
    },
  })),
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
