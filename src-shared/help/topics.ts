// The help text, written once for both doors: the workstation's Help page (#/help) renders these
// topics and `refrain help [topic]` prints them. Each fact here is the code's own (the header
// comments of src-main/similarity, src-main/eval, src-main/scoring/parameters.ts and
// src-main/clusters) or the README's; numbers that belong to a run (MAP on the demo) are not
// repeated here. Pure data and one formatter: no DOM, no Node.
import { DA_TACOS_URL } from './links'

export const HELP_GROUPS = ['Methods', 'Distances', 'Metrics', 'Thresholds', 'Clusters', 'Data'] as const
export type HelpGroup = (typeof HELP_GROUPS)[number]

export interface HelpTopic {
  /** What `refrain help <id>` and #/help/<id> take. */
  id: string
  title: string
  group: HelpGroup
  /** One line, for the topic list. */
  summary: string
  /** Paragraphs; a line starting with "- " is a list item. */
  body: string[]
  references: string[]
}

const SERRA_2008 =
  'J. Serrà, E. Gómez, P. Herrera, "Transposing chroma representations to a common key", IEEE CS Conference on The Use of Symbols to Represent Music and Multimedia Objects, 2008.'
const SERRA_2009 = 'J. Serrà, X. Serra, R. G. Andrzejak, "Cross recurrence quantification for cover song identification", New Journal of Physics 11, 2009.'
const CHEN_2017 = 'N. Chen, W. Li, H. Xiao, "Fusing similarity functions for cover song identification", Multimedia Tools and Applications, 2017.'
const YESILER_2019 =
  'F. Yesiler, C. Tralie, A. Correya, D. F. Silva, P. Tovstogan, E. Gómez, X. Serra, "Da-TACOS: A Dataset for Cover Song Identification and Understanding", ISMIR 2019.'
const SAKOE_1978 = 'H. Sakoe, S. Chiba, "Dynamic programming algorithm optimization for spoken word recognition", IEEE Trans. ASSP 26, 1978.'
const MANNING_2008 = 'C. D. Manning, P. Raghavan, H. Schütze, "Introduction to Information Retrieval", Cambridge University Press, 2008, ch. 8.'
const FAWCETT_2006 = 'T. Fawcett, "An introduction to ROC analysis", Pattern Recognition Letters 27, 2006.'
const PLATT_1999 =
  'J. Platt, "Probabilistic outputs for support vector machines and comparisons to regularized likelihood methods", Advances in Large Margin Classifiers, 1999.'
const HUBERT_1985 = 'L. Hubert, P. Arabie, "Comparing partitions", Journal of Classification 2, 1985.'
const VINH_2010 = 'N. X. Vinh, J. Epps, J. Bailey, "Information theoretic measures for clusterings comparison", JMLR 11, 2010.'
const ROSENBERG_2007 = 'A. Rosenberg, J. Hirschberg, "V-Measure: A conditional entropy-based external cluster evaluation measure", EMNLP-CoNLL 2007.'
const BAGGA_1998 = 'A. Bagga, B. Baldwin, "Entity-based cross-document coreferencing using the vector space model", COLING-ACL 1998.'
const BLONDEL_2008 = 'V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of communities in large networks", J. Stat. Mech. 2008.'
const SOKAL_1958 = 'R. R. Sokal, C. D. Michener, "A statistical method for evaluating systematic relationships", University of Kansas Science Bulletin 38, 1958.'
const HADSELL_2006 = 'R. Hadsell, S. Chopra, Y. LeCun, "Dimensionality reduction by learning an invariant mapping", CVPR 2006.'
const SCHROFF_2015 = 'F. Schroff, D. Kalenichenko, J. Philbin, "FaceNet: A unified embedding for face recognition and clustering", CVPR 2015.'

export const HELP_TOPICS: readonly HelpTopic[] = [
  {
    id: 'preprocessing',
    title: 'Before any alignment: downsampling and frame scaling',
    group: 'Methods',
    summary: 'chroma averaged over blocks of k frames (default 10) and each frame scaled to unit maximum',
    body: [
      'Every alignment method reads the chosen chroma feature (hpcp by default, or crema or cens) at the Da-TACOS frame rate, 44,100 / 512 ≈ 86.13 frames per second.',
      'It is first averaged over blocks of k frames (the downsampling, default 10, i.e. about 8.6 frames per second; "median" takes the median instead of the mean; a last, shorter block is kept), then each frame is scaled to a maximum of 1. A silent frame stays all zero.',
      'A job leaves out, by name, a performance without the chosen feature file, a file that does not read, NaN or infinite chroma, silence or a constant chromagram, and a sequence over 20,000 frames after downsampling (raise k for those).',
    ],
    references: [],
  },
  {
    id: 'oti',
    title: 'Key shift: the optimal transposition index (OTI)',
    group: 'Methods',
    summary: 'how the second recording is transposed into the first one’s key before aligning',
    body: [
      'Versions are often in another key. The global optimal transposition index (Serrà, Gómez & Herrera 2008) compares the two recordings’ mean chroma profiles under each of the 12 circular shifts and keeps the shift under which they agree best; the second recording is then rotated by that many semitones.',
      'DTW, Qmax and Dmax all transpose by OTI by default. DTW can instead align under all 12 shifts and keep the smallest distance ("key shift: all", 12 times the work; the other shifts abandon early against the OTI one). Compare shows the second chromagram transposed by the shift used, labelled in semitones.',
    ],
    references: [SERRA_2008],
  },
  {
    id: 'dtw',
    title: 'DTW with key shift',
    group: 'Methods',
    summary: 'dynamic time warping over cosine frame distances, after the OTI key shift; normalised cost in [0, 1]',
    body: [
      'Dynamic time warping aligns the two whole sequences, frame to frame, allowing either to be stretched. The frame distance is the cosine distance 1 − â·b̂, which compares which pitch classes sound and not how loud; for non-negative chroma it lies in [0, 1]. A silent frame is at distance 0 from another silent frame and 1 from any sounding one.',
      'Steps follow the symmetric form of Sakoe & Chiba: a diagonal step weighs its local distance twice, a horizontal or vertical step once, so every full path weighs n + m. The distance is the path’s cost divided by n + m: the weighted mean frame distance along the best path.',
      '- Key shift: OTI (default) or the best of all 12 shifts (see oti).',
      '- Band: an optional Sakoe–Chiba radius, in downsampled frames around the diagonal scaled to the two lengths; none by default.',
    ],
    references: [SAKOE_1978, SERRA_2008],
  },
  {
    id: 'qmax',
    title: 'Qmax',
    group: 'Methods',
    summary: 'the longest (curved, disrupted) diagonal of the binary cross-recurrence plot',
    body: [
      'Qmax (Serrà, Serra & Andrzejak 2009) looks for the longest stretch the two recordings share, allowing tempo changes and short disruptions. The second recording is transposed to the first’s key by OTI; frames are stacked into delay vectors (9 frames, stride 1); the Euclidean distances between stacks are turned into a binary cross-recurrence plot, a cell being recurrent when it is among the 9.5 % nearest of both its row and its column.',
      'Over that plot a local alignment grows a score along diagonals: a recurrent cell adds 1 to the best of its predecessors (i−1, j−1), (i−2, j−1), (i−1, j−2); a non-recurrent one keeps the best predecessor minus a penalty, 0.5 when a disruption starts and 0.5 for each further cell, floored at 0. Qmax is the highest score.',
      'The distance is √(reference stacks) / Qmax (lower is closer), infinite when nothing aligns. It is not symmetric: which recording is the query matters, so a job scores both directions. These are the defaults of Essentia’s ChromaCrossSimilarity and CoverSongSimilarity, whose results ours equal.',
    ],
    references: [SERRA_2009, SERRA_2008],
  },
  {
    id: 'dmax',
    title: 'Dmax',
    group: 'Methods',
    summary: 'Qmax with longer steps, so tempo changes along a path cost less',
    body: [
      'Dmax (Chen et al. 2017) runs on the same cross-recurrence plot as Qmax with the same penalties, and adds the predecessors (i−1, j−3) and (i−3, j−1); a step that skips over recurrent cells in the query’s or the reference’s own direction earns them too. A performance at a different tempo keeps a longer path.',
      'Its distance is defined as Qmax’s: √(reference stacks) / score, infinite when nothing aligns, not symmetric.',
    ],
    references: [CHEN_2017, SERRA_2009],
  },
  {
    id: 'embedding',
    title: 'Embedding distance',
    group: 'Methods',
    summary: 'a learned 128-dimensional unit vector per recording; Euclidean distance on the unit sphere, 0 to 2',
    body: [
      'A model (an ONNX file with its card) maps a whole chroma sequence to one 128-dimensional vector of length 1, trained so that versions of one work land close together (a Siamese network, trained with a contrastive and with a triplet loss, the better of the two kept). Scoring a library is then one embedding per recording and one dot product per pair instead of one alignment per pair.',
      'The distance is the Euclidean distance between the two unit vectors: 0 for identical embeddings, 2 for opposite ones, √2 for orthogonal ones (d² = 2 − 2 cos θ). The shipped model gives a transposed version the same embedding by construction, so no key shift is needed.',
      'Embeddings are stored per recording, model and feature file, so a later job reuses them.',
    ],
    references: [HADSELL_2006, SCHROFF_2015],
  },
  {
    id: 'two-stage',
    title: 'Two-stage: shortlist by embedding, re-rank by alignment',
    group: 'Methods',
    summary: 'each query’s K nearest by embedding aligned again (Qmax, Dmax or DTW) and ranked first',
    body: [
      'For each query the K nearest candidates by embedding distance (default K = 100) are aligned again by the re-rank method (Qmax by default, or Dmax or DTW, with their own parameters) and ranked first, by that alignment distance; the rest follow in embedding order. They are stored as 1000 + their embedding distance, above any alignment distance.',
      'One alignment gives a pair’s distance both ways round (the score is the same; Qmax and Dmax divide it by each side’s length), so a pair is aligned once and known from both sides: a version missing from its query’s shortlist is still ranked by its alignment when the query is on the version’s own shortlist. Its evaluation adds stage-1 recall@K, the share of each query’s versions aligned this way: the re-rank cannot find what neither shortlist kept. For the pair statistics (distributions, EER threshold, ROC, calibration) a pair on neither shortlist counts as infinitely far. With K covering every candidate it is the alignment job, cell for cell.',
    ],
    references: [],
  },
  {
    id: 'distances',
    title: 'What each distance means, and its range',
    group: 'Distances',
    summary: 'every method gives a distance: lower = closer; the ranges differ, so compare within a method',
    body: [
      'Every method gives a distance, lower meaning more alike. Ranges differ, so thresholds and distances compare only within one method and parameter set.',
      '- DTW: the normalised path cost, the weighted mean cosine frame distance along the best path, in [0, 1].',
      '- Qmax and Dmax: √(reference stacks) / score, a function of the best local-alignment score (the longer the shared path, the smaller); above 0, infinite when nothing aligns; not symmetric.',
      '- Embedding: the Euclidean distance between two unit vectors, in [0, 2].',
      '- Two-stage: the alignment distance for shortlisted pairs, 1000 + the embedding distance for the rest.',
      'For the verification statistics each unordered pair is counted once, with the mean of its two directions’ distances (Qmax is not symmetric, and neither direction is the right one). Compare judges a pair by that same mean, so its verdict does not depend on which recording comes first; it shows each direction beside it.',
    ],
    references: [],
  },
  {
    id: 'protocol',
    title: 'The evaluation protocol',
    group: 'Metrics',
    summary: 'every performance queries all the others; its versions are the other performances of its work',
    body: [
      'Evaluation follows the Da-TACOS / acoss protocol (Yesiler et al. 2019): every performance is a query ranked against all the others by distance; its relevant items are the other performances of its work. A query with none (the only performance of its work) is left out of every mean, and counted.',
      'Ties are broken by candidate index, everywhere (metrics, stored top-k and browsed rankings share the rule). Each metric is checked against cases computed by hand and against scikit-learn and numpy.',
    ],
    references: [YESILER_2019],
  },
  {
    id: 'map',
    title: 'MAP: mean average precision',
    group: 'Metrics',
    summary: 'mean over queries of the average precision of their ranked list; 0 to 1, higher is better',
    body: [
      'A query’s average precision is the mean, over the ranks r of its relevant candidates, of the precision at r (relevant among the first r, divided by r). MAP is its mean over the queries with a relevant candidate. 1 means every query’s versions come before everything else.',
    ],
    references: [MANNING_2008, YESILER_2019],
  },
  {
    id: 'mrr',
    title: 'MRR: mean reciprocal rank',
    group: 'Metrics',
    summary: 'mean of 1 / (rank of the first version); 0 to 1, higher is better',
    body: [
      'Each query scores 1 / r, where r is the 1-based rank of its first relevant candidate; MRR is the mean over the queries with one. acoss divides by every song, singles included; here the same queries as MAP’s are used, so acoss’s MRR = ours × queries / N.',
    ],
    references: [MANNING_2008],
  },
  {
    id: 'mr1',
    title: 'MR1: mean rank of the first version',
    group: 'Metrics',
    summary: 'mean 1-based rank of each query’s first version; 1 is best, lower is better',
    body: ['The mean, over the queries with a relevant candidate, of the 1-based rank of the first one. The median of the same ranks is also computed (acoss’s MDR).'],
    references: [YESILER_2019],
  },
  {
    id: 'p10',
    title: 'P@10: precision at 10',
    group: 'Metrics',
    summary: 'versions among each query’s first 10 candidates, divided by 10; 0 to 1',
    body: [
      'For each query, the relevant candidates among its first 10, divided by 10, always by 10, even where a work has fewer than 10 other versions (a benchmark work of 13 has 12). Mean over queries.',
    ],
    references: [MANNING_2008, YESILER_2019],
  },
  {
    id: 'topk',
    title: 'Top-1 and Top-10',
    group: 'Metrics',
    summary: 'how many queries have a version at rank 1, and within the first 10',
    body: ['Counts, not shares: the number of queries whose first relevant candidate is at rank 1 (Top-1), and within the first 10 (Top-10).'],
    references: [],
  },
  {
    id: 'roc-auc',
    title: 'ROC curve and AUC',
    group: 'Metrics',
    summary: 'verification: true against false positive rate over all thresholds; area 0.5 is chance, 1 perfect',
    body: [
      'The verification view of the labels: "are these two recordings versions?". Each unordered pair once (the mean of its two directions), a pair declared versions when its distance is at most the threshold. The ROC curve plots the true positive rate against the false positive rate as the threshold sweeps every observed distance.',
      'AUC is the area under it by the trapezoid rule: the probability that a version pair is closer than a non-version pair, ties counting one half. 0.5 is chance, 1 a perfect separation.',
    ],
    references: [FAWCETT_2006],
  },
  {
    id: 'eer',
    title: 'EER: equal error rate',
    group: 'Metrics',
    summary: 'where false positive and false negative rates meet; lower is better',
    body: [
      'Among the observed distances, the threshold where the false positive rate and the false negative rate (1 − true positive rate) are closest (the smallest such threshold on a tie), and the mean of the two there. No interpolation: the threshold is one a system can use, and the rate is what it gives. It is also the default decision threshold (see threshold).',
    ],
    references: [FAWCETT_2006],
  },
  {
    id: 'threshold',
    title: 'Decision thresholds: EER and maximum F1',
    group: 'Thresholds',
    summary: 'a pair is "versions" when its distance ≤ the threshold; chosen at the EER point, or at max F1',
    body: [
      'Decision rule everywhere: a pair is declared versions when its distance is less than or equal to the threshold. A job’s EER and max-F1 thresholds are observed pair distances; Compare’s target false-positive rates (1 %, 5 %, or one typed, 0.01–99 %) are read off the source’s ROC, interpolated between its observed points.',
      '- EER: where false positive and false negative rates are closest (see eer). A job’s calibrated threshold is its EER distance.',
      '- Maximum F1: the threshold that maximises F1 = 2PR / (P + R) for the class "versions" (the smallest on a tie); used when a job has no non-version pairs.',
      'Compare judges all its methods by one threshold source, with the same parameters as its own: the evaluated jobs of one dataset (the newest per method), any one of those jobs, or the bundled calibration measured on the demo library. Opened from a job, it is that job’s; otherwise the pair’s own dataset is preferred, then the source calibrating the most of its methods. The table says which job each threshold came from, and the source and operating point can be changed there.',
    ],
    references: [FAWCETT_2006],
  },
  {
    id: 'probability',
    title: 'Calibrated probability: Platt scaling',
    group: 'Thresholds',
    summary: 'p(versions | d) = 1 / (1 + exp(a·d + b)), fitted to an evaluated job’s pairs',
    body: [
      'Evaluating a job also fits Platt scaling (Platt 1999) to its version and non-version pair distances: p(versions | d) = 1 / (1 + exp(a·d + b)), by maximum likelihood with Platt’s smoothed targets (N+ + 1)/(N+ + 2) and 1/(N− + 2), so separable data still gives finite parameters. Infinite distances are left out of the fit and get probability 0.',
      'The probability holds at that job’s share of version pairs (its prior). Where versions are rarer, as when one recording is searched for in a whole library, the odds fall in proportion; they are re-weighted to another prior by Bayes’ rule on the odds.',
    ],
    references: [PLATT_1999],
  },
  {
    id: 'clusters',
    title: 'Clusters of a job',
    group: 'Clusters',
    summary: 'performances grouped at a threshold: connected components, average linkage or Louvain',
    body: [
      'A finished job that scores a dataset against itself can be grouped into clusters, sets of recordings the system takes for versions of one work, at a distance threshold (by default its calibrated one), with the pair distance the evaluation uses.',
      '- components: connected components of the "distance ≤ threshold" graph, what the threshold alone implies; it chains (a ~ b and b ~ c put a and c together).',
      '- average: average-linkage (UPGMA) agglomeration cut at the threshold; clusters merge while the mean distance between their members is at most the threshold, so it does not chain.',
      '- louvain: Louvain communities of the threshold graph, edges weighted by how far inside the threshold a pair is.',
      'Each cluster names its medoid, the member with the least sum of distances to the others.',
      'The graph pans with a drag and zooms with the wheel or a double click. On a graph of more than 5,000 performances or 20,000 links, a gesture moves a picture of the last frame and the graph is redrawn once when it ends: without a GPU that redraw takes a second or three, and the picture meanwhile stays where the gesture put it. There the performance under the pointer is named below the graph rather than beside it, and a click on a link opens the nearest link within 4 px of it.',
    ],
    references: [SOKAL_1958, BLONDEL_2008],
  },
  {
    id: 'agreement',
    title: 'Agreement of clusters with the known works',
    group: 'Clusters',
    summary: 'ARI, AMI, homogeneity, completeness, V-measure, pairwise and B-cubed precision/recall/F1',
    body: [
      'How well "grouped together" matches "versions of one work", from the contingency table of works against clusters. 1 is perfect agreement in every measure.',
      '- Adjusted Rand index (Hubert & Arabie 1985): pair agreement corrected for chance; 0 is chance and it can go below.',
      '- Adjusted mutual information (Vinh, Epps & Bailey 2010): mutual information corrected by its exact expectation, normalised by the mean of the two entropies.',
      '- Homogeneity, completeness, V-measure (Rosenberg & Hirschberg 2007): each cluster holds one work; each work is in one cluster; their harmonic mean.',
      '- Pairwise precision, recall, F1: over unordered pairs, claimed (same cluster) against true (same work).',
      '- B-cubed precision, recall, F1 (Bagga & Baldwin 1998): per item, the share of its cluster of its work, and of its work in its cluster, averaged over items.',
    ],
    references: [HUBERT_1985, VINH_2010, ROSENBERG_2007, BAGGA_1998],
  },
  {
    id: 'da-tacos',
    title: 'Da-TACOS and its features',
    group: 'Data',
    summary: `the dataset, its seven features, and where to download them (${DA_TACOS_URL})`,
    body: [
      'Da-TACOS (Yesiler et al. 2019) is 15,000 benchmark performances in 3,000 works and 10,000 cover-analysis performances in 5,000 works, shipped as metadata and as pre-computed features: hpcp, crema, cens (chroma_cens), mfcc, madmom, key and tags, in HDF5 files.',
      `Refrain bundles the whole metadata but, of the features, only those of one performance (coveranalysis P_547131). Scoring, Compare and the feature views need the feature files: download the archives linked from the Da-TACOS repository, ${DA_TACOS_URL}, unpack them unchanged, and index the folder on the Datasets page (or with refrain index). Features attach to the performances of the same subset.`,
      'Chromagrams are shown in one pitch order for every feature, C at the bottom to B at the top. The files differ: Essentia’s HPCP starts at A (440 Hz reference), crema and librosa’s chroma_cens start at C; HPCP is rotated for display only.',
    ],
    references: [YESILER_2019],
  },
]

/** A topic by id (case and spaces ignored), or undefined. */
export function helpTopic(id: string): HelpTopic | undefined {
  const key = id.trim().toLowerCase().replace(/\s+/g, '-')
  return HELP_TOPICS.find((topic) => topic.id === key)
}

/** Breaks a paragraph into lines of at most `width` characters (a longer word stands alone), the first after `first`, the rest after `indent`. */
function wrap(text: string, width: number, indent: string, first = indent): string[] {
  const lines: string[] = []
  let line = first
  let empty = true
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line)
      line = indent + word
    } else line = empty ? line + word : `${line} ${word}`
    empty = false
  }
  if (!empty) lines.push(line)
  return lines
}

/** One topic as plain text for a terminal, wrapped at `width` columns. */
export function helpText(topic: HelpTopic, width = 100): string {
  const lines = [topic.title, '='.repeat(Math.min(width, topic.title.length)), '']
  for (const paragraph of topic.body) {
    if (paragraph.startsWith('- ')) lines.push(...wrap(paragraph.slice(2), width, '    ', '  - '))
    else lines.push(...wrap(paragraph, width, ''), '')
  }
  if (lines.at(-1) !== '') lines.push('')
  if (topic.references.length) {
    lines.push('References')
    for (const reference of topic.references) lines.push(...wrap(reference, width, '    ', '  - '))
  }
  return lines.join('\n').replace(/\n+$/, '')
}

/** The topic list: one line each, grouped. */
export function helpIndex(width = 100): string {
  const pad = Math.max(...HELP_TOPICS.map((topic) => topic.id.length)) + 2
  const lines: string[] = []
  for (const group of HELP_GROUPS) {
    lines.push(`${group}:`)
    for (const topic of HELP_TOPICS.filter((t) => t.group === group)) {
      lines.push(...wrap(topic.summary, width, ' '.repeat(pad + 2), `  ${topic.id.padEnd(pad)}`))
    }
  }
  return lines.join('\n')
}
