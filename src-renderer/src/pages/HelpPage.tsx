// Help: what each method, distance, metric, threshold rule and clustering measure means, with
// the papers, from the same text `refrain help` prints (src-shared/help). #/help/<topic> brings
// that topic into view; the Compare view links here next to its scores.
import { useEffect, type ReactNode } from 'react'
import { DA_TACOS_URL } from '../../../src-shared/help/links'
import { HELP_GROUPS, HELP_TOPICS, type HelpTopic } from '../../../src-shared/help/topics'
import { hrefFor } from '../router'

const topicHref = (id: string) => hrefFor({ name: 'help', topic: id })

/** Text with the Da-TACOS address as a link. */
function linked(text: string): ReactNode {
  const parts = text.split(DA_TACOS_URL)
  return parts.map((part, i) => (
    <span key={i}>
      {part}
      {i < parts.length - 1 && (
        <a href={DA_TACOS_URL} target="_blank" rel="noreferrer">
          {DA_TACOS_URL}
        </a>
      )}
    </span>
  ))
}

/** Paragraphs, with each run of "- " lines as one list. */
function Body({ body }: { body: string[] }) {
  const blocks: ReactNode[] = []
  let items: string[] = []
  const flush = () => {
    if (items.length)
      blocks.push(
        <ul key={`ul${blocks.length}`}>
          {items.map((item) => (
            <li key={item}>{linked(item)}</li>
          ))}
        </ul>,
      )
    items = []
  }
  for (const paragraph of body) {
    if (paragraph.startsWith('- ')) items.push(paragraph.slice(2))
    else {
      flush()
      blocks.push(<p key={`p${blocks.length}`}>{linked(paragraph)}</p>)
    }
  }
  flush()
  return <>{blocks}</>
}

function Topic({ topic, current }: { topic: HelpTopic; current: boolean }) {
  return (
    <section id={`help-${topic.id}`} className={`card help-topic${current ? ' help-current' : ''}`} aria-labelledby={`help-${topic.id}-title`} data-testid="help-topic" data-topic={topic.id}>
      <h2 id={`help-${topic.id}-title`}>
        {topic.title} <span className="mono muted small">{topic.id}</span>
      </h2>
      <Body body={topic.body} />
      {topic.references.length > 0 && (
        <div className="help-references small">
          <h3>References</h3>
          <ul>
            {topic.references.map((reference) => (
              <li key={reference}>{reference}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}

export function HelpPage({ topic }: { topic?: string }) {
  const known = HELP_TOPICS.some((t) => t.id === topic)
  useEffect(() => {
    if (known) document.getElementById(`help-${topic}`)?.scrollIntoView({ block: 'start' })
  }, [known, topic])

  return (
    <div className="page help-page">
      <header className="page-header">
        <h1>Help</h1>
        <div className="subtitle muted">
          The methods, distances, metrics and thresholds the workstation uses. The same text: <code>npx refrain help [topic]</code>.
        </div>
      </header>
      {topic && !known && (
        <div className="state state-error" role="alert">
          No help topic “{topic}”; the topics are listed below.
        </div>
      )}
      <nav className="card help-index" aria-label="Help topics" data-testid="help-index">
        {HELP_GROUPS.map((group) => (
          <div key={group} className="help-group">
            <h2>{group}</h2>
            <ul>
              {HELP_TOPICS.filter((t) => t.group === group).map((t) => (
                <li key={t.id}>
                  <a href={topicHref(t.id)} aria-current={t.id === topic ? 'true' : undefined}>
                    {t.title}
                  </a>{' '}
                  <span className="muted small">— {t.summary}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      {HELP_TOPICS.map((t) => (
        <Topic key={t.id} topic={t} current={t.id === topic} />
      ))}
    </div>
  )
}
