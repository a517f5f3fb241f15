// library/paths.ts: where the per-user library lives on each platform, and --db / REFRAIN_HOME.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { appHome, defaultDbPath } from '../src-main/library/paths'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('appHome', () => {
  test('REFRAIN_HOME wins on every platform (and is made absolute)', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(appHome({ REFRAIN_HOME: '/srv/refrain', APPDATA: 'C:\\Users\\ana\\AppData\\Roaming', XDG_DATA_HOME: '/x' }, platform)).toBe(resolve('/srv/refrain'))
    }
    expect(appHome({ REFRAIN_HOME: 'relative/home' }, 'linux')).toBe(resolve('relative/home'))
  })

  test('Windows: %APPDATA%\\Refrain, else the roaming folder under the home folder', () => {
    const appData = 'C:\\Users\\ana\\AppData\\Roaming'
    expect(appHome({ APPDATA: appData }, 'win32')).toBe(join(appData, 'Refrain'))
    expect(appHome({}, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', 'Refrain'))
  })

  test('macOS: ~/Library/Application Support/Refrain', () => {
    expect(appHome({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Refrain'))
    expect(appHome({ XDG_DATA_HOME: '/xdg' }, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Refrain'))
  })

  test('Linux: $XDG_DATA_HOME/refrain, else ~/.local/share/refrain', () => {
    expect(appHome({ XDG_DATA_HOME: '/data/xdg' }, 'linux')).toBe(join('/data/xdg', 'refrain'))
    expect(appHome({}, 'linux')).toBe(join(homedir(), '.local', 'share', 'refrain'))
    expect(appHome({}, 'freebsd')).toBe(join(homedir(), '.local', 'share', 'refrain'))
  })

  test('Linux: an empty or relative XDG_DATA_HOME is ignored, as the XDG spec says', () => {
    // "If $XDG_DATA_HOME is either not set or empty, a default equal to $HOME/.local/share should be used."
    // "If an implementation encounters a relative path in any of these variables it should consider the path invalid and ignore it."
    expect(appHome({ XDG_DATA_HOME: '' }, 'linux')).toBe(join(homedir(), '.local', 'share', 'refrain'))
    expect(appHome({ XDG_DATA_HOME: 'relative/dir' }, 'linux')).toBe(join(homedir(), '.local', 'share', 'refrain'))
  })
})

describe('defaultDbPath', () => {
  test('--db wins, made absolute; otherwise refrain.db in REFRAIN_HOME', () => {
    vi.stubEnv('REFRAIN_HOME', '/srv/refrain-home')
    expect(defaultDbPath('lib/my.db')).toBe(resolve('lib/my.db'))
    expect(defaultDbPath()).toBe(join(resolve('/srv/refrain-home'), 'refrain.db'))
  })
})
