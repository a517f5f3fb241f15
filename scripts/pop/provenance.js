// SOURCE.md and LICENSE.md beside a built pop set: the command that rebuilds it, what each
// version is, and the terms of POP909 and of the soundfonts it was rendered with.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe } from './plan.js'

const quote = (a) => (/^[\w./=:-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)

function count(plan, test) {
  return plan.filter(test).length
}

export function writeProvenance({ out, name, plan, results, splits, options, argv }) {
  const command = `npm run pop:build${argv.length ? ` -- ${argv.map(quote).join(' ')}` : ''}`
  const works = new Set(plan.map((v) => v.work)).size
  const kinds = ['original', 'arrangement', 'melody', 'accompaniment', 'melody+bass']
  const rows = plan.map((v) => `| ${v.work} | ${results[v.file].perf} | ${v.song} | ${v.version} | ${describe(v)} |`)
  const source = `# ${name}: provenance

Built by \`scripts/pop/build.js\` (Refrain repository) with

\`\`\`sh
${command}
\`\`\`

seed ${options.seed}, ${works} POP909 songs as works × ${options.versions} versions, ${options.clip} s clips, rendered with
fluidsynth at 44.1 kHz (\`FluidR3_GM.sf2\` from Debian's fluid-soundfont-gm, \`TimGM6mb.sf2\` from timgm6mb-soundfont),
HPCP and the Da-TACOS layout from the project's own \`refrain import\`; no audio is kept.
\`manifest.json\` holds the whole plan: per version its parts and General MIDI programs, soundfont, transposition,
tempo factor, excerpt (start bar, sections with bar numbers and source seconds), structure edits, the source
segments played, noise and drums, plus its performance id and the SHA-1 of the MIDI file rendered.
\`splits.json\` (and \`splits/*_works.txt\`) split the works ${splits.train.length} / ${splits.validation.length} / ${splits.test.length} into train / validation / test.

## Source

POP909 (Wang, Chen, Jiang, Zhang, Xu, Dai, Bin, Xia: "POP909: A Pop-song Dataset for Music Arrangement
Generation", ISMIR 2020; github.com/music-x-lab/POP909-Dataset at d83e6ed), MIT licence: see LICENSE.md.

## How the versions differ

Version 0 of each work is the full arrangement (melody, secondary line and accompaniment) on the piano. The others
are covers, one of each kind per work in a seeded order: a full **arrangement** on other General MIDI instruments
with a bass line, the **melody** alone on a lead instrument, the **accompaniment** alone (sometimes with the
secondary line), the **melody plus bass**. Each cover is transposed by ±1–6 semitones (80 %), re-timed by
0.8–1.25 (80 %), has one or two structure edits inside its excerpt (a section of whole bars cut, repeated, or two
swapped), takes its own excerpt (its start moves by up to half a clip around the work's region), and may use the
second soundfont (50 %), white or pink noise at 0–15 dB SNR (30 %) or a drum track (40 % of those with
accompaniment or bass). In this set: ${kinds.map((k) => `${count(plan, (v) => v.kind === k)} ${k}`).join(', ')};
${count(plan, (v) => v.transpose)} transposed, ${count(plan, (v) => v.tempo !== 1)} re-timed, ${count(plan, (v) => v.edits.some((e) => e.kind === 'cut'))} with a cut,
${count(plan, (v) => v.edits.some((e) => e.kind === 'repeat'))} with a repeat, ${count(plan, (v) => v.edits.some((e) => e.kind === 'swap'))} with a swap, ${count(plan, (v) => v.soundfont === 'TimGM6mb')} on TimGM6mb,
${count(plan, (v) => v.noise)} with noise, ${count(plan, (v) => v.drums)} with drums.

## Every performance

| work | performance | song | version | what it is |
|---|---|---|---|---|
${rows.join('\n')}
`
  writeFileSync(join(out, 'SOURCE.md'), source)
  writeFileSync(join(out, 'LICENSE.md'), LICENCE)
}

const LICENCE = `# Licence of the pop set

The HPCP features, metadata, manifest and splits in this folder are derived from POP909 and are provided
under POP909's MIT licence:

    MIT License

    Copyright (c) 2020 Music X Lab

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.

Cite: Wang, Chen, Jiang, Zhang, Xu, Dai, Bin, Xia: "POP909: A Pop-song Dataset for Music Arrangement Generation",
ISMIR 2020. https://github.com/music-x-lab/POP909-Dataset

## Changes made

Excerpts of the songs' MIDI were cut, edited in structure, transposed, re-timed and given other General MIDI
instruments (a bass line and drums were added to some), synthesised to audio with FluidSynth, some mixed with
noise, and analysed into HPCP features. SOURCE.md and manifest.json list every version and change.

## Soundfonts

- \`FluidR3_GM.sf2\` (Fluid (R3) General MIDI SoundFont, Frank Wen and contributors; Debian package
  fluid-soundfont-gm), MIT licence.
- \`TimGM6mb.sf2\` (Tim Brechbill; Debian package timgm6mb-soundfont), GNU GPL version 2.

They were used to render the audio the features were computed from; neither soundfont nor any audio is included here.
`
