// Saving what a plot drew as a file through the browser's download (both doors: the Electron
// window and web mode), under a name that says what it is.

export function saveUrl(url: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
}

export function saveText(text: string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  saveUrl(url, fileName)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** What a canvas shows, as a PNG at its own (device) pixels. */
export function saveCanvasPng(canvas: HTMLCanvasElement, fileName: string): void {
  saveUrl(canvas.toDataURL('image/png'), fileName)
}

/** A name safe for a file: letters, digits, dots, dashes and underscores. */
export function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '_')
}
