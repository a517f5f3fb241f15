// ESLint (flat config) for the code that runs in the window: the renderer, the preload, and what
// the renderer shares with the reports (src-shared: pure, so neither Node nor the backend). The
// renderer is bundled for the page, so it may take only types from the backend (a value import
// would pull Node modules or zod into the bundle); the hooks rules keep React's contract.
// `npm run lint`, one check of `npm test`.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  {
    files: ['src-renderer/src/**/*.{ts,tsx}', 'src-preload/**/*.ts', 'src-shared/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src-main(/|$)',
              allowTypeImports: true,
              message: 'The renderer takes only types from src-main (`import type`): a value would bundle backend code into the page.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'src-shared runs in the page too: no Node modules.' },
            { regex: '(^|/)src-(main|renderer)(/|$)', allowTypeImports: true, message: 'src-shared depends on neither side; it may take their types only.' },
          ],
        },
      ],
    },
  },
)
