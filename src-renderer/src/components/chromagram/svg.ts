// An SVG document drawn through the same calls the plots make on a canvas (the Context2D subset
// in draw.ts), so a chromagram or the comparison matrix exports as SVG from its one drawing
// function: rectangles, lines and text as vector elements, a heatmap as an <image> of its PNG.
import type { Context2D } from './draw'

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const num = (v: number) => String(Math.round(v * 100) / 100)

const ANCHOR: Record<CanvasTextAlign, string> = { left: 'start', start: 'start', center: 'middle', right: 'end', end: 'end' }
const BASELINE: Record<CanvasTextBaseline, string> = {
  top: 'hanging',
  hanging: 'hanging',
  middle: 'central',
  alphabetic: 'alphabetic',
  ideographic: 'ideographic',
  bottom: 'text-after-edge',
}

interface State {
  fillStyle: string | CanvasGradient | CanvasPattern
  strokeStyle: string | CanvasGradient | CanvasPattern
  lineWidth: number
  font: string
  textAlign: CanvasTextAlign
  textBaseline: CanvasTextBaseline
  imageSmoothingEnabled: boolean
  /** <g> elements a clip opened since this state was saved. */
  groups: number
}

export class SvgContext implements Context2D {
  fillStyle: string | CanvasGradient | CanvasPattern = '#000'
  strokeStyle: string | CanvasGradient | CanvasPattern = '#000'
  lineWidth = 1
  font = '10px sans-serif'
  textAlign: CanvasTextAlign = 'start'
  textBaseline: CanvasTextBaseline = 'alphabetic'
  imageSmoothingEnabled = true
  private readonly parts: string[] = []
  private readonly saved: State[] = []
  private groups = 0
  private clips = 0
  private path = ''

  /** A white ground, as prepareCanvas gives a canvas. */
  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`)
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    this.parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${this.colour(this.fillStyle)}"/>`)
  }

  strokeRect(x: number, y: number, w: number, h: number): void {
    this.parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="none" ${this.stroking()}/>`)
  }

  beginPath(): void {
    this.path = ''
  }

  rect(x: number, y: number, w: number, h: number): void {
    this.path += `M${num(x)},${num(y)}h${num(w)}v${num(h)}h${num(-w)}Z`
  }

  moveTo(x: number, y: number): void {
    this.path += `M${num(x)},${num(y)}`
  }

  lineTo(x: number, y: number): void {
    this.path += `L${num(x)},${num(y)}`
  }

  stroke(): void {
    if (this.path) this.parts.push(`<path d="${this.path}" fill="none" ${this.stroking()}/>`)
  }

  clip(): void {
    const id = `clip${++this.clips}`
    this.parts.push(`<clipPath id="${id}"><path d="${this.path}"/></clipPath><g clip-path="url(#${id})">`)
    this.groups++
  }

  save(): void {
    const { fillStyle, strokeStyle, lineWidth, font, textAlign, textBaseline, imageSmoothingEnabled, groups } = this
    this.saved.push({ fillStyle, strokeStyle, lineWidth, font, textAlign, textBaseline, imageSmoothingEnabled, groups })
    this.groups = 0
  }

  restore(): void {
    this.closeGroups()
    const s = this.saved.pop()
    if (!s) return
    Object.assign(this, { ...s })
  }

  fillText(text: string, x: number, y: number): void {
    this.parts.push(
      `<text x="${num(x)}" y="${num(y)}" fill="${this.colour(this.fillStyle)}" style="font: ${escape(this.font)}" ` +
        `text-anchor="${ANCHOR[this.textAlign]}" dominant-baseline="${BASELINE[this.textBaseline]}">${escape(text)}</text>`,
    )
  }

  /** A canvas (the plots' off-screen images) as a PNG, whole (5 arguments) or a part of it (9). */
  drawImage(image: CanvasImageSource, ...args: number[]): void {
    if (!(image instanceof HTMLCanvasElement)) return
    const href = image.toDataURL('image/png')
    const look = this.imageSmoothingEnabled ? '' : ' style="image-rendering: pixelated"'
    if (args.length === 8) {
      const [sx, sy, sw, sh, dx, dy, dw, dh] = args as [number, number, number, number, number, number, number, number]
      this.parts.push(
        `<svg x="${num(dx)}" y="${num(dy)}" width="${num(dw)}" height="${num(dh)}" viewBox="${sx} ${sy} ${sw} ${sh}" preserveAspectRatio="none">` +
          `<image width="${image.width}" height="${image.height}" href="${href}"${look}/></svg>`,
      )
      return
    }
    const [dx = 0, dy = 0, dw = image.width, dh = image.height] = args
    this.parts.push(`<image x="${num(dx)}" y="${num(dy)}" width="${num(dw)}" height="${num(dh)}" preserveAspectRatio="none" href="${href}"${look}/>`)
  }

  /** The document so far, every open clip closed. */
  toString(): string {
    while (this.saved.length > 0) this.restore()
    this.closeGroups()
    const { width: w, height: h } = this
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${this.parts.join('')}</svg>`
  }

  private closeGroups(): void {
    for (; this.groups > 0; this.groups--) this.parts.push('</g>')
  }

  private stroking(): string {
    return `stroke="${this.colour(this.strokeStyle)}" stroke-width="${num(this.lineWidth)}"`
  }

  private colour(style: string | CanvasGradient | CanvasPattern): string {
    return typeof style === 'string' ? escape(style) : '#000'
  }
}
