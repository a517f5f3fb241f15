// Draws a Vega-Lite specification with Vega and exports it, in a browser or in Node: compiled to
// Vega, run with Vega's expression interpreter (no eval, so the workstation's Content Security
// Policy holds), and rendered as SVG or as a PNG data URL.
import { parse, View, type Spec } from 'vega'
import { expressionInterpreter } from 'vega-interpreter'
import { compile, type TopLevelSpec } from 'vega-lite'

/** The specification compiled to Vega: the first half of `plotView`, which a page may run in its own task. */
export function vegaSpec(spec: TopLevelSpec): Spec {
  return compile(spec).spec
}

/** A Vega view of a compiled specification; 'svg' to draw it into the page, 'none' for exports only. */
export function vegaView(vega: Spec, renderer: 'svg' | 'none' = 'none'): View {
  return new View(parse(vega, undefined, { ast: true }), { expr: expressionInterpreter, renderer })
}

/** A Vega view of the specification; 'svg' to draw it into the page, 'none' for exports only. */
export function plotView(spec: TopLevelSpec, renderer: 'svg' | 'none' = 'none'): View {
  return vegaView(vegaSpec(spec), renderer)
}

export async function plotSvg(spec: TopLevelSpec): Promise<string> {
  const view = plotView(spec)
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
