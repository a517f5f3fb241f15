// What a long job (index, import, scoring) says about one file while it goes on: a warning
// (kept, but something is off) or an error (left out). Every door shows these by file name.
import { z } from 'zod'

export const IndexMessage = z.object({
  level: z.enum(['warning', 'error']),
  file: z.string(),
  message: z.string(),
})
export type IndexMessage = z.infer<typeof IndexMessage>
