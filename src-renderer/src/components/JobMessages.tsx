// The per-file warnings and errors of an indexing, import or scoring job, as they arrive.
import { fmtInt } from '../format'
import { MAX_KEPT_MESSAGES } from '../state/jobReducer'
import type { IndexMessage } from '../types'

export function JobMessages({ messages, messageCount, running, kind }: { messages: IndexMessage[]; messageCount: number; running: boolean; kind: 'index' | 'import' | 'import-history' | 'score' }) {
  const errors = messages.filter((m) => m.level === 'error').length
  const warnings = messages.length - errors
  return (
    <div className="messages" data-testid={`${kind}-messages`}>
      <h3>
        Messages{' '}
        <span className="muted small">
          {errors} {errors === 1 ? 'error' : 'errors'}, {warnings} {warnings === 1 ? 'warning' : 'warnings'}
        </span>
      </h3>
      {messages.length === 0 ? (
        <div className="muted small">{running ? 'None so far.' : 'No warnings or errors.'}</div>
      ) : (
        <ul className="message-list" aria-live="polite">
          {messages.map((m, i) => (
            <li key={i} className={`message message-${m.level}`} data-testid={`${kind}-message`} data-level={m.level}>
              <span className={`level level-${m.level}`}>{m.level}</span>
              <span className="mono path" title={m.file}>
                {m.file}
              </span>
              <span className="message-text">{m.message}</span>
            </li>
          ))}
        </ul>
      )}
      {messageCount > messages.length && (
        <div className="small muted">
          … and {fmtInt(messageCount - messages.length)} more (only the first {fmtInt(MAX_KEPT_MESSAGES)} are kept here).
        </div>
      )}
    </div>
  )
}
