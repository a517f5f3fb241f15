// A Library on a fresh database behind the same dispatch boundary every door uses, collecting
// its events: how API tests talk to the backend. Jobs run on the built workers, so it checks the
// build first.
import { join } from 'node:path'
import type { ApiEvent } from '../../src-main/api/contract'
import { createDispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { Library } from '../../src-main/library/library'
import { assertCliBuilt } from './cli'
import { tempDir } from './fixtures'

export function apiHarness(events: ApiEvent[]) {
  assertCliBuilt()
  const library = new Library({ dbPath: join(tempDir(), 'refrain.db') })
  library.onEvent((event) => events.push(event))
  return { library, dispatch: createDispatch(createHandlers(library, { name: 'web', version: '9.9.9' })) }
}
