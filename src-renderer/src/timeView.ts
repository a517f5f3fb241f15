// The stretch of a recording that the plots of one page show together (waveform, chromagrams,
// cross-recurrence), and the horizontal margins they share so that x means the same time in each.

export interface TimeView {
  startSec: number
  spanSec: number
}

export const PLOT_MARGIN = { left: 40, right: 10 }
