// The feature kinds a Da-TACOS performance can have, and which of them are chroma (what the
// aligners and the chromagram view read).
export const FEATURE_KINDS = ['hpcp', 'crema', 'cens', 'mfcc', 'madmom', 'key', 'tags'] as const
export type FeatureKind = (typeof FEATURE_KINDS)[number]
export const CHROMA_KINDS = ['hpcp', 'crema', 'cens'] as const
export type ChromaKind = (typeof CHROMA_KINDS)[number]
