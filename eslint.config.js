import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'target/', 'node_modules/', 'lake/', '**/target/', '**/lake/', 'bench/out/', '.tmp*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // plain JS entry points run on Node
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // Prettier wraps code at 120 columns but leaves long strings and comments: those are wrapped by hand.
      'max-len': ['error', { code: 120 }],
    },
  },
);
