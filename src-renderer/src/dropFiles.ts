// What a drop onto the page holds, in web mode where it is uploaded: the files of dropped folders
// (read while the drop event lasts) and the audio among them to send, under one folder.

/** What the importer looks at (src-main/importer/plan.ts AUDIO_EXTENSIONS); other files are not sent. */
const AUDIO_EXTENSIONS = new Set(['.wav', '.wave', '.flac', '.mp3', '.ogg', '.oga', '.opus', '.m4a', '.mp4', '.aac', '.wma', '.aif', '.aiff', '.webm', '.mkv', '.mka'])

export interface DroppedFile {
  relativePath: string
  file: File
}

const isAudioName = (name: string) => {
  const dot = name.lastIndexOf('.')
  return dot > 0 && AUDIO_EXTENSIONS.has(name.slice(dot).toLowerCase())
}

function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader()
  const all: FileSystemEntry[] = []
  return new Promise((resolve, reject) => {
    // readEntries answers in batches (100 at a time in Chromium) until an empty one.
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all)
        all.push(...batch)
        next()
      }, reject)
    next()
  })
}

async function walkEntry(entry: FileSystemEntry, prefix: string, out: DroppedFile[]): Promise<void> {
  if (entry.name.startsWith('.')) return
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))
    out.push({ relativePath: prefix + entry.name, file })
  } else if (entry.isDirectory) {
    const children = await readAllEntries(entry as FileSystemDirectoryEntry)
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const child of children) await walkEntry(child, `${prefix}${entry.name}/`, out)
  }
}

/**
 * What a drop holds, read while the event lasts (its DataTransfer empties afterwards): the
 * entries of folders and files where the browser gives them, else the plain files, with
 * webkitRelativePath (or the name) as the relative path.
 */
export function takeDrop(dataTransfer: DataTransfer): () => Promise<DroppedFile[]> {
  const entries = Array.from(dataTransfer.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null)
  const files = Array.from(dataTransfer.files ?? [])
  if (entries.length > 0 && entries.every((e) => e !== null)) {
    return async () => {
      const out: DroppedFile[] = []
      for (const entry of entries) await walkEntry(entry!, '', out)
      return out
    }
  }
  return async () =>
    files
      .map((file) => ({ relativePath: (file.webkitRelativePath || file.name).replace(/^\/+/, ''), file }))
      .filter(({ relativePath }) => !relativePath.split('/').some((segment) => segment.startsWith('.')))
}

/**
 * The files to send: audio only, under one folder. One dropped folder stays itself (its
 * sub-folders are works); loose files, or several things at once, go under dropped-<date>/
 * (a file directly in it is a work of its own).
 */
export function uploadPlan(dropped: DroppedFile[]): DroppedFile[] {
  const audio = dropped.filter((d) => isAudioName(d.relativePath.split('/').pop() ?? ''))
  const top = audio[0]?.relativePath.split('/')[0]
  const oneFolder = audio.every((d) => d.relativePath.includes('/') && d.relativePath.split('/')[0] === top)
  if (oneFolder) return audio
  const day = new Date().toISOString().slice(0, 10)
  return audio.map((d) => ({ ...d, relativePath: `dropped-${day}/${d.relativePath}` }))
}
