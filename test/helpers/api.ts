// A Library on a fresh database behind the same dispatch boundary every door uses, collecting
// its events: how API tests talk to the backend. Jobs run on the built workers, so it checks the
// build first.
import { join } from 'node:path'
import type { ApiEvent } from '../../src-main/api/contract'
import { createApp } from '../../src-main/app/app'
import { assertCliBuilt } from './cli'
import { tempDir } from './fixtures'

export function apiHarness(events: ApiEvent[]) {
  assertCliBuilt()
  const app = createApp({ dbPath: join(tempDir(), 'refrain.db'), door: { name: 'web', version: '9.9.9' } })
  app.onEvent((event) => events.push(event))
  return { app, dispatch: app.dispatch }
}
