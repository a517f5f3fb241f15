// Frame-wise agreement between two HPCP matrices (frames x 12, frame-major).
export interface Parity {
  frames: number
  compared: number
  medianCosine: number
  p5Cosine: number
  argmaxAgreement: number
}

export function compareHpcp(ours: Float32Array, reference: Float32Array, size = 12): Parity {
  const frames = Math.min(ours.length, reference.length) / size
  const cosines: number[] = []
  let agree = 0
  for (let f = 0; f < frames; f++) {
    let dot = 0
    let na = 0
    let nb = 0
    let ia = 0
    let ib = 0
    for (let i = 0; i < size; i++) {
      const a = ours[f * size + i]
      const b = reference[f * size + i]
      dot += a * b
      na += a * a
      nb += b * b
      if (a > ours[f * size + ia]) ia = i
      if (b > reference[f * size + ib]) ib = i
    }
    if (nb === 0 && na === 0) continue // silent in both
    cosines.push(na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb))
    if (ia === ib) agree++
  }
  cosines.sort((x, y) => x - y)
  const at = (q: number) => (cosines.length ? cosines[Math.min(cosines.length - 1, Math.floor(q * cosines.length))] : 1)
  return {
    frames,
    compared: cosines.length,
    medianCosine: at(0.5),
    p5Cosine: at(0.05),
    argmaxAgreement: cosines.length ? agree / cosines.length : 1,
  }
}
