// Builds the three parts: the main process (the Electron shell, the backend its utility process
// runs, the CLI and web mode, and the worker threads, all sharing src-main), the sandboxed
// preload, and the React renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
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
    plugins: [react(), inlineStyles()],
  },
})

/**
 * The renderer's stylesheet written into index.html: a linked one holds the window's first paint
 * until it has been fetched, and this page is opened from the local disk or loopback, where
 * caching it apart gains nothing.
 */
function inlineStyles(): Plugin {
  return {
    name: 'refrain-inline-styles',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((file) => file.type === 'asset' && file.fileName.endsWith('.html'))
      if (!html || html.type !== 'asset') return
      let page = String(html.source)
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type !== 'asset' || !name.endsWith('.css')) continue
        const link = new RegExp(`<link rel="stylesheet"[^>]*href="\\./${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`)
        if (!link.test(page)) continue
        page = page.replace(link, () => `<style>${String(file.source)}</style>`)
        delete bundle[name]
      }
      html.source = page
    },
  }
}
