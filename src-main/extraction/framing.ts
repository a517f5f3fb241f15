// Frame cutting: frames of FRAME_SIZE samples every HOP_SIZE samples, the first one centred on
// sample 0 (it starts FRAME_SIZE/2 samples before the signal; the missing samples are zeros),
// and so many that a signal of n > 0 samples gives
// ceil(n / HOP_SIZE) + 1 frames, the convention of the reference implementation's frame
// generator with startFromZero false and validFrameThresholdRatio 0 (checked against it, and
// consistent with the Da-TACOS files). Any tail past the signal is zero-padded.
import { FRAME_SIZE, HOP_SIZE } from './parameters'

/** How many frames a signal of `samples` samples gives. */
export function frameCount(samples: number): number {
  return samples <= 0 ? 0 : Math.ceil(samples / HOP_SIZE) + 1
}

/**
 * Incremental frame cutter with a fixed FRAME_SIZE buffer: feed samples in chunks of any size;
 * `onFrame` is called with the buffer each time a frame is complete (read it before returning).
 */
export class FrameCutter {
  private readonly frame = new Float32Array(FRAME_SIZE)
  /** How many samples of the current frame are known. The first frame starts with FRAME_SIZE/2 zeros. */
  private filled = FRAME_SIZE / 2
  private total = 0
  private emitted = 0

  constructor(private readonly onFrame: (frame: Float32Array) => void) {}

  /** Frames that `push`ing `length` more samples will complete. */
  framesCompletedBy(length: number): number {
    const known = this.filled + length
    return known < FRAME_SIZE ? 0 : Math.floor((known - FRAME_SIZE) / HOP_SIZE) + 1
  }

  push(samples: Float32Array): void {
    let offset = 0
    this.total += samples.length
    while (offset < samples.length) {
      const take = Math.min(FRAME_SIZE - this.filled, samples.length - offset)
      this.frame.set(samples.subarray(offset, offset + take), this.filled)
      this.filled += take
      offset += take
      if (this.filled === FRAME_SIZE) this.emit()
    }
  }

  /** Frames that `end()` will still produce. */
  framesLeftAtEnd(): number {
    return frameCount(this.total) - this.emitted
  }

  /** Zero-pads and emits the remaining frames. */
  end(): void {
    let left = this.framesLeftAtEnd()
    while (left-- > 0) {
      this.frame.fill(0, this.filled)
      this.filled = FRAME_SIZE
      this.emit()
    }
  }

  private emit(): void {
    this.onFrame(this.frame)
    this.emitted++
    this.frame.copyWithin(0, HOP_SIZE)
    this.filled = FRAME_SIZE - HOP_SIZE
  }
}
