// Builds the three parts: the main process (the Electron shell, the backend its utility process
// runs, the CLI and web mode, and the worker threads, all sharing src-main), the sandboxed
// preload, and the React renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// electron-vite reads Electron's version to pick build targets; on machines where the
// optional Electron download failed the package is absent, so name the pinned major here.
process.env.ELECTRON_MAJOR_VER ??= '41'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          electron: resolve('src-main/electron/main.ts'),
          // Its own entry: utilityProcess.fork starts a file, and the shell must not bundle the backend.
          backend: resolve('src-main/electron/backend.ts'),
          cli: resolve('src-main/cli/main.ts'),
          'import-worker': resolve('src-main/workers/import-worker.ts'),
          'score-worker': resolve('src-main/workers/score-worker.ts'),
          'compare-worker': resolve('src-main/compare/compare-worker.ts'),
          'feature-worker': resolve('src-main/library/feature-worker.ts'),
          'embed-worker': resolve('src-main/embedding/embed-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      minify: true,
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
    plugins: [react()],
  },
})
