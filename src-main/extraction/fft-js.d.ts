// Types for the fft.js package (MIT), which ships none: only the calls the extraction makes.
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number)
    readonly size: number
    createComplexArray(): number[]
    /** Real-input FFT: writes interleaved (re, im) pairs for bins 0..size/2 into `out` (the left half). */
    realTransform(out: ArrayLike<number> & { [index: number]: number }, input: ArrayLike<number>): void
    completeSpectrum(out: ArrayLike<number> & { [index: number]: number }): void
  }
}
