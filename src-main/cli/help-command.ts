// `refrain help [topic]`: the methods, distances, metrics, thresholds and clustering measures
// explained, from the same text the workstation's Help page shows (src-shared/help). Needs no
// library, so it opens none.
import { HELP_TOPICS, helpIndex, helpText, helpTopic } from '../../src-shared/help/topics'
import { CliError, EXIT, printJson, printLine, TextBlock } from './output'

export function helpCommand(args: string[], json: boolean): number {
  if (args.length === 0) {
    if (json) printJson(HELP_TOPICS.map(({ id, title, group, summary }) => ({ id, title, group, summary })))
    else printLine(new TextBlock([...helpIndex().split('\n'), '', 'refrain help <topic> prints one; refrain --help lists the commands.']))
    return EXIT.ok
  }
  const topic = helpTopic(args.join(' '))
  if (!topic) {
    const asked = args.join(' ')
    throw new CliError(`no help topic "${asked}"; the topics: ${HELP_TOPICS.map((t) => t.id).join(', ')}`, EXIT.usage)
  }
  if (json) printJson(topic)
  else printLine(new TextBlock(helpText(topic).split('\n')))
  return EXIT.ok
}
