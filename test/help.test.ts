// The help text (src-shared/help/topics.ts), written once for the Help page and `refrain help`:
// every method, distance, metric, threshold rule and clustering measure has a topic that says
// what it is and cites its source; the CLI lists the topics, prints one, and refuses an unknown
// one with exit 2 and the list, without opening a library.
import { existsSync, readdirSync } from 'node:fs'
import { beforeAll, describe, expect, test } from 'vitest'
import { DA_TACOS_URL } from '../src-shared/help/links'
import { HELP_GROUPS, HELP_TOPICS, helpIndex, helpText, helpTopic } from '../src-shared/help/topics'
import { assertCliBuilt, runCli } from './helpers/cli'
import { tempDir } from './helpers/fixtures'

const text = (id: string) => {
  const topic = helpTopic(id)
  if (!topic) throw new Error(`no topic ${id}`)
  return [topic.title, topic.summary, ...topic.body].join('\n')
}

describe('the topics', () => {
  test('each method, metric, threshold rule and clustering measure the workstation uses has a topic', () => {
    for (const id of ['dtw', 'oti', 'qmax', 'dmax', 'embedding', 'two-stage', 'distances', 'map', 'mrr', 'mr1', 'p10', 'topk', 'roc-auc', 'eer', 'threshold', 'probability', 'clusters', 'agreement', 'da-tacos'])
      expect(helpTopic(id), id).toBeDefined()
    expect(new Set(HELP_TOPICS.map((t) => t.id)).size).toBe(HELP_TOPICS.length)
    for (const topic of HELP_TOPICS) {
      expect(HELP_GROUPS).toContain(topic.group)
      expect(topic.body.length, topic.id).toBeGreaterThan(0)
      expect(topic.summary.length, topic.id).toBeLessThan(120)
    }
    expect(helpTopic(' QMax ')?.id).toBe('qmax')
    expect(helpTopic('no such thing')).toBeUndefined()
  })

  test('each distance says its range and meaning', () => {
    expect(text('dtw')).toContain('[0, 1]')
    expect(text('qmax')).toContain('√(reference stacks) / Qmax')
    expect(text('qmax')).toMatch(/infinite when nothing aligns/)
    expect(text('embedding')).toMatch(/0 to 2|\[0, 2\]/)
    expect(text('distances')).toMatch(/DTW.*\[0, 1\]/)
    expect(text('distances')).toMatch(/Embedding.*\[0, 2\]/)
    expect(text('probability')).toContain('1 / (1 + exp(a·d + b))')
    expect(text('threshold')).toContain('less than or equal to the threshold')
  })

  test('the papers are cited where their method is explained', () => {
    const refs = (id: string) => helpTopic(id)!.references.join('\n')
    expect(refs('qmax')).toMatch(/Serrà, X\. Serra, R\. G\. Andrzejak.*2009/)
    expect(refs('dmax')).toMatch(/Chen.*2017/)
    expect(refs('oti')).toMatch(/Serrà, E\. Gómez, P\. Herrera.*2008/)
    expect(refs('protocol')).toMatch(/Yesiler.*Da-TACOS.*2019/)
    expect(refs('probability')).toMatch(/Platt.*1999/)
    expect(refs('agreement')).toMatch(/Hubert, P\. Arabie.*1985/)
    expect(text('da-tacos')).toContain(DA_TACOS_URL)
  })

  test('as terminal text: the title, the body, the references, no line over 100 columns', () => {
    for (const topic of HELP_TOPICS) {
      const out = helpText(topic)
      expect(out.split('\n')[0]).toBe(topic.title)
      for (const line of out.split('\n')) expect(line.length, `${topic.id}: ${line}`).toBeLessThanOrEqual(100)
      // Wrapping loses no word.
      const words = (s: string) => s.split(/\s+/).filter(Boolean)
      for (const paragraph of topic.body) expect(words(out).join(' ')).toContain(words(paragraph.replace(/^- /, '')).join(' '))
    }
    const index = helpIndex()
    for (const topic of HELP_TOPICS) expect(index).toContain(`  ${topic.id} `)
  })
})

describe('refrain help', () => {
  let home: string
  beforeAll(() => {
    assertCliBuilt()
    home = tempDir()
  })

  test('lists the topics by group, opening no library', async () => {
    const result = await runCli(['help'], { home })
    expect(result.code).toBe(0)
    for (const group of HELP_GROUPS) expect(result.stdout).toContain(`${group}:`)
    for (const topic of HELP_TOPICS) expect(result.stdout).toContain(topic.id)
    expect(existsSync(home) ? readdirSync(home) : []).toEqual([])
  })

  test('prints one topic', async () => {
    const result = await runCli(['help', 'qmax'], { home })
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(helpText(helpTopic('qmax')!) + '\n')
    const json = await runCli(['help', 'eer', '--json'], { home })
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'eer', group: 'Metrics' })
  })

  test('an unknown topic exits 2 and names the topics', async () => {
    const result = await runCli(['help', 'qmaxx'], { home })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^refrain: no help topic "qmaxx"; the topics: /)
    for (const topic of HELP_TOPICS) expect(result.stderr).toContain(topic.id)
  })
})
