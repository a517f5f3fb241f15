#!/usr/bin/env node
// Entry for `npx refrain`: runs the built CLI (npm install builds it; `npm run build` rebuilds).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('refrain: the app is not built yet; run `npm run build` (npm install does it) and try again\n')
  process.exit(1)
}
await import(pathToFileURL(cli).href)
