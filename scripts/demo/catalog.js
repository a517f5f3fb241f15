// The ASAP performances as pieces: readable work titles, composers, performers.
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const ORD = { '1st': 'first', '2nd': 'second', '3rd': 'third', '4th': 'fourth' }
const CHOPIN_BALLADE_OP = { 1: 'No. 1 in G minor, Op. 23', 2: 'No. 2 in F major, Op. 38', 3: 'No. 3 in A-flat major, Op. 47', 4: 'No. 4 in F minor, Op. 52' }
const CHOPIN_SCHERZO = { 20: 'Scherzo No. 1 in B minor, Op. 20', 31: 'Scherzo No. 2 in B-flat minor, Op. 31', 39: 'Scherzo No. 3 in C-sharp minor, Op. 39' }
const LISZT_TRANSCENDENTAL = { 1: 'Preludio', 4: 'Mazeppa', 5: 'Feux follets', 9: 'Ricordanza', 10: 'Allegro agitato molto' }
const LISZT_S145 = { 1: 'Waldesrauschen', 2: 'Gnomenreigen' }
const FIXED = {
  'Bach/Italian_concerto': 'Italian Concerto, BWV 971',
  'Balakirev/Islamey': 'Islamey, Op. 18',
  'Chopin/Barcarolle': 'Barcarolle in F-sharp major, Op. 60',
  'Debussy/Images_Book_1/1_Reflets_dans_lEau': "Images, Book 1: Reflets dans l'eau",
  'Glinka/The_Lark': 'The Lark (arr. Balakirev)',
  'Liszt/Annees_de_pelerinage_2/1_Gondoliera': 'Venezia e Napoli: Gondoliera',
  'Liszt/Ballade_2': 'Ballade No. 2 in B minor, S. 171',
  'Liszt/Gran_Etudes_de_Paganini/6_Theme_and_Variations': 'Grandes études de Paganini No. 6, Theme and Variations',
  'Liszt/Sonata': 'Piano Sonata in B minor, S. 178',
  'Prokofiev/Toccata': 'Toccata in D minor, Op. 11',
  'Ravel/Gaspard_de_la_Nuit/1_Ondine': 'Gaspard de la nuit: Ondine',
  'Ravel/Miroirs/3_Une_Barque': "Miroirs: Une barque sur l'océan",
  'Ravel/Miroirs/4_Alborada_del_gracioso': 'Miroirs: Alborada del gracioso',
  'Ravel/Pavane': 'Pavane pour une infante défunte',
  'Schubert/Wanderer_fantasie': 'Wanderer Fantasy, D. 760',
  'Schumann/Toccata': 'Toccata in C major, Op. 7',
}

/** ASAP folder variants of the same music (with or without repeats) share one piece key. */
export function pieceKey(folder) {
  return folder.replace(/_(no_2_repeat|no_repeat|repeat)$/, '')
}

const movements = (m) => (m.includes('_') ? `movements ${m.replace('_', '–')}` : `movement ${m}`)

/** A readable title for an ASAP piece key, e.g. "Ballade No. 1 in G minor, Op. 23". */
export function pieceTitle(key) {
  if (FIXED[key]) return FIXED[key]
  const p = key.split('/')
  const [composer, group, item] = p
  let m
  if (composer === 'Bach' && (group === 'Fugue' || group === 'Prelude') && (m = /^bwv_(\d+)$/.exec(item)))
    return `The Well-Tempered Clavier, ${group} BWV ${m[1]}`
  if (composer === 'Beethoven' && group === 'Piano_Sonatas' && (m = /^(\d+)-(.+)$/.exec(item)))
    return `Piano Sonata No. ${m[1]}, ${movements(m[2])}`
  if (composer === 'Haydn' && group === 'Keyboard_Sonatas' && (m = /^(\d+)-(.+)$/.exec(item)))
    return `Keyboard Sonata Hob. XVI:${m[1]}, ${movements(m[2])}`
  if (composer === 'Mozart' && group === 'Piano_Sonatas' && (m = /^(\d+)-(.+)$/.exec(item)))
    return `Piano Sonata No. ${m[1]}, ${movements(m[2])}`
  if (composer === 'Schubert' && group === 'Piano_Sonatas' && (m = /^(\d+)-(.+)$/.exec(item)))
    return `Piano Sonata D. ${m[1]}, ${movements(m[2])}`
  if (composer === 'Chopin' && group === 'Ballades') return `Ballade ${CHOPIN_BALLADE_OP[item] ?? 'No. ' + item}`
  if (composer === 'Chopin' && group === 'Scherzos') return CHOPIN_SCHERZO[item] ?? `Scherzo Op. ${item}`
  if (composer === 'Chopin' && (m = /^Etudes_op_(\d+)$/.exec(group))) return `Étude Op. ${m[1]} No. ${item}`
  if (composer === 'Chopin' && (m = /^Sonata_(\d)$/.exec(group)))
    return `Piano Sonata No. ${m[1]}, ${ORD[item] ?? item} movement`
  if (composer === 'Liszt' && group === 'Transcendental_Etudes')
    return `Transcendental Étude No. ${item}${LISZT_TRANSCENDENTAL[item] ? ` (${LISZT_TRANSCENDENTAL[item]})` : ''}`
  if (composer === 'Liszt' && group === 'Concert_Etude_S145') return `Concert Étude S. 145 No. ${item}${LISZT_S145[item] ? ` (${LISZT_S145[item]})` : ''}`
  if (composer === 'Liszt' && group === 'Hungarian_Rhapsodies') return `Hungarian Rhapsody No. ${item}`
  if (composer === 'Rachmaninoff' && (m = /^Preludes_op_(\d+)$/.exec(group))) return `Prelude Op. ${m[1]} No. ${item}`
  if (composer === 'Schubert' && group === 'Impromptu_op.90_D.899') return `Impromptu Op. 90 No. ${item} (D. 899)`
  if (composer === 'Schubert' && group === 'Impromptu_op142') return `Impromptu Op. 142 No. ${item} (D. 935)`
  if (composer === 'Schumann' && group === 'Kreisleriana') return `Kreisleriana, Op. 16 No. ${item}`
  if (composer === 'Scriabin' && (m = /^Etudes_op_(\d+)$/.exec(group))) return `Étude Op. ${m[1]} No. ${item}`
  return p.slice(1).join(' ').replace(/_/g, ' ')
}

/** The performer's code from an ASAP file name ("GarritsonL03M" -> "Garritson L."). */
export function performerFromFileName(file) {
  let s = file.replace(/\.midi?$/i, '')
  s = s.replace(/_?\d{4}(_\d+)?M?$/, '').replace(/\d+M?$/, '').replace(/_\d{4}$/, '').replace(/_+$/, '')
  const words = []
  for (const part of s.split('_')) {
    if (/^[A-Z]+$/.test(part) && part.length > 1) {
      words.push(part[0] + part.slice(1).toLowerCase())
      continue
    }
    const tokens = part.match(/Mc[A-Z][a-z'-]+|[A-Z]?[a-z']+(?:-[A-Z]?[a-z']+)*|[A-Z]/g) ?? [part]
    for (const t of tokens) words.push(t.length === 1 ? `${t.toUpperCase()}.` : t[0].toUpperCase() + t.slice(1))
  }
  return words.join(' ')
}

/** The performer's full name when the MIDI track name carries one ("Ballade No. 1, by Chopin--Leeza Ali"). */
export function performerFromTrackName(trackName) {
  if (!trackName) return null
  let m = /performed on the Yamaha Disklavier by (.+?)--/.exec(trackName)
  if (!m) m = /--\s*((?:[A-Z][\p{L}.'-]*\s+)+[A-Z][\p{L}'-]+)\s*$/u.exec(trackName)
  if (!m) return null
  const name = m[1].trim().replace(/\s+/g, ' ')
  return /\d/.test(name) || name.split(' ').length < 2 ? null : name
}

function parseCsv(text) {
  const rows = []
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue
    const cells = []
    let cur = ''
    let q = false
    for (let i = 0; i < line.length; i++) {
      const c = line[i]
      if (q) {
        if (c === '"' && line[i + 1] === '"') (cur += '"'), i++
        else if (c === '"') q = false
        else cur += c
      } else if (c === '"') q = true
      else if (c === ',') cells.push(cur), (cur = '')
      else cur += c
    }
    cells.push(cur)
    rows.push(cells)
  }
  const [head, ...body] = rows
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])))
}

/**
 * The pieces present under `root` (metadata.csv rows whose MIDI file exists), grouped by piece key.
 * @returns {Map<string, {key:string, composer:string, title:string, files:string[]}>} files relative to root, sorted
 */
export function loadPieces(root) {
  const rows = parseCsv(readFileSync(join(root, 'metadata.csv'), 'utf8'))
  const pieces = new Map()
  for (const r of rows) {
    if (!r.midi_performance || !existsSync(join(root, r.midi_performance))) continue
    const key = pieceKey(r.folder)
    if (!pieces.has(key)) pieces.set(key, { key, composer: r.composer, title: pieceTitle(key), files: [] })
    const files = pieces.get(key).files
    if (!files.includes(r.midi_performance)) files.push(r.midi_performance)
  }
  for (const p of pieces.values()) p.files.sort()
  return new Map([...pieces.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
