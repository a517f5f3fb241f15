// `refrain serve` at start deletes the web-mode uploads no indexed dataset links to any more (a
// day after they last changed), and keeps the ones an imported dataset still plays from.
import { afterAll, describe, expect, it } from 'vitest'
import { once } from 'node:events'
import { mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { assertCliBuilt, runCli, spawnCli } from './helpers/cli'
import { removeTempDirs, tempDir } from './helpers/fixtures'
import { wavTones } from './helpers/media'

afterAll(() => removeTempDirs())

describe('refrain serve and the uploads folder', () => {
  it('deletes old uploads nothing links to, keeps linked and recent ones', async () => {
    assertCliBuilt()
    const home = tempDir()
    const uploads = join(home, 'uploads')
    const old = (Date.now() - 3 * 24 * 3600 * 1000) / 1000
    for (const id of ['linked_upload', 'unused_upload', 'recent_upload']) {
      const file = join(uploads, id, 'Work', 'take.wav')
      mkdirSync(join(uploads, id, 'Work'), { recursive: true })
      writeFileSync(file, wavTones(0.2))
      if (id !== 'recent_upload') for (const path of [file, join(uploads, id, 'Work'), join(uploads, id)]) utimesSync(path, old, old)
    }
    // An imported dataset keeps its audio as links into the upload it came from.
    const dataset = join(home, 'datasets', 'mine')
    mkdirSync(join(dataset, 'mine_audio', 'W_1'), { recursive: true })
    symlinkSync(join(uploads, 'linked_upload', 'Work', 'take.wav'), join(dataset, 'mine_audio', 'W_1', 'P_1.wav'))
    const env = { home, extra: { REFRAIN_DEFAULT_LIBRARY: '0' } }
    expect((await runCli(['index', dataset, '--json'], env)).code).toBe(0)

    const child = spawnCli(['serve', '--json'], env)
    await once(child.stdout!, 'data')
    try {
      expect(readdirSync(uploads).sort()).toEqual(['linked_upload', 'recent_upload'])
    } finally {
      child.kill('SIGINT')
      await once(child, 'close')
    }
  }, 120_000)
})
