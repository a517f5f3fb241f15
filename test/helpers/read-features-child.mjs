// Runs in its own Node process: reads the files named on the command line with Refrain's feature
// reader (the TypeScript source, loaded through Vite's module runner) and prints one JSON line
// per file: what was read, or the error's class and message. HDF5 writes its diagnostics to file
// descriptor 2 directly (not through process.stderr.write), so only a separate process can show
// whether anything reached stderr; the calling test checks that this process's stderr is empty.
// `--bare` opens the files with h5wasm alone, without Refrain's error handler: the test's
// self-check that HDF5's own output would be caught if Refrain let it through.
import { fileURLToPath } from 'node:url'
import { join, dirname } from 'node:path'
import { runnerImport } from 'vite'

const [mode, ...files] = process.argv.slice(2)
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

if (mode === '--bare') {
  const { default: h5wasm } = await import('h5wasm/node')
  await h5wasm.ready
  for (const file of files) {
    try {
      new h5wasm.File(file, 'r').close()
      process.stdout.write(JSON.stringify({ file, ok: true }) + '\n')
    } catch {
      process.stdout.write(JSON.stringify({ file, ok: false }) + '\n')
    }
  }
} else {
  const { module } = await runnerImport(join(repo, 'src-main', 'dataset', 'features.ts'), { configFile: false, logLevel: 'silent' })
  for (const file of files) {
    for (const read of [() => module.inspectFeatureFile(file, 'hpcp'), () => module.readChroma(file, 'hpcp')]) {
      try {
        const value = await read()
        process.stdout.write(JSON.stringify({ file, ok: true, problem: value.features?.[0]?.problem ?? null }) + '\n')
      } catch (error) {
        process.stdout.write(JSON.stringify({ file, ok: false, error: error.constructor.name, message: error.message }) + '\n')
      }
    }
  }
}
