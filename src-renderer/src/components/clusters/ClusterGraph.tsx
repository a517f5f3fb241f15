// The threshold graph drawn in WebGL by sigma.js over a graphology graph: performances are nodes
// coloured by cluster (singletons grey), edges are the pairs linked at the threshold. It starts from
// positions that already group each cluster (graphData.ts) and is then laid out by ForceAtlas2 in a
// web worker (graphology-layout-forceatlas2's supervisor) for a bounded time, so the page never
// waits on it. Pan and zoom are sigma's, except on a large graph, where a gesture moves a picture
// of the last frame and sigma redraws once at its end (motionPreview.ts). Hovering a node names
// it; clicking a node or an edge opens the performance or the pair. There, too, the node under the
// pointer and a clicked edge are found here, not by sigma: in sigma 4 a hover is a full frame, and
// drawing every edge into its picking frame as well is a third of each software frame. The
// selected cluster is highlighted (the rest fades).
//
// Under automation (navigator.webdriver) the component exposes window.__refrainClusters: where a
// node or a clickable edge is on screen, whether the layout has stopped, and how many frames sigma
// drew, for the end-to-end tests and the frame-rate measurement.
import Graph from 'graphology'
import forceAtlas2 from 'graphology-layout-forceatlas2'
import FA2Layout from 'graphology-layout-forceatlas2/worker'
import Sigma, { DEFAULT_STYLES } from 'sigma'
import { pathLine } from 'sigma/rendering'
import { useEffect, useRef, useState } from 'react'
import { attachMotionPreview, type MotionPreview } from './motionPreview'
import { clearPointOnEdge, clusterColour, nearestEdge, nearestNode, seedPositions, type GraphData, type Point } from './graphData'

const FADED_NODE = '#dde1e6'
const EDGE = '#c4cad1'
const FADED_EDGE = '#eef0f2'
const HIGHLIGHTED_EDGE = '#4a5563'

export interface ClustersTestHook {
  settled: boolean
  renders: number
  /** Whether pan and zoom move a picture of the last frame (motionPreview.ts). */
  previewsMotion: boolean
  /** No previewed gesture under way or waiting for sigma to draw it (always true without the preview). */
  motionIdle: boolean
  nodes: number
  edges: number
  /** Node i's centre in page coordinates (CSS pixels of the window). */
  nodePoint(i: number): Point
  /** An edge and a point on it `gap` px (default 10) clear of every node and other edge, in page coordinates. */
  edgePoint(gap?: number): { from: number; to: number; at: Point } | null
}

declare global {
  interface Window {
    __refrainClusters?: ClustersTestHook
  }
}

interface Props {
  data: GraphData
  /** The cluster highlighted, by id; null: none. */
  selected: number | null
  onOpenNode: (node: number) => void
  onOpenEdge: (from: number, to: number) => void
  /** How long the layout runs; default: longer for larger graphs, at most 10 s. */
  layoutMs?: number
  /** Pan and zoom as a picture of the last frame (motionPreview.ts); default: on large graphs. */
  previewMotion?: boolean | undefined
}

/** How near an edge, in CSS pixels, a click on the stage opens it (edges are drawn 1 px wide). */
const EDGE_HIT_PX = 4
/** How far past a node's drawn radius, in CSS pixels, the pointer still names it. */
const NODE_HIT_PX = 2

/** Smaller dots when there are many, so clusters stay apart on screen. */
const nodeSize = (n: number) => (n > 5000 ? 2.5 : n > 500 ? 4 : 7)

export function ClusterGraph({ data, selected, onOpenNode, onOpenEdge, layoutMs, previewMotion }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const [sigma, setSigma] = useState<Sigma | null>(null)
  // The renderer not yet killed: a selection's cleanup must not touch a killed one.
  const live = useRef<Sigma | null>(null)
  const [hovered, setHovered] = useState<string | null>(null)
  const [laying, setLaying] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  // The handlers change with the page's renders; the graph is built once per data.
  const open = useRef({ onOpenNode, onOpenEdge })
  useEffect(() => {
    open.current = { onOpenNode, onOpenEdge }
  })

  useEffect(() => {
    const n = data.nodeCluster.length
    const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false })
    const xy = seedPositions(data.nodeCluster, data.clusterSizes)
    const size = nodeSize(n)
    const large = n > 5000 || data.from.length > 20_000
    const preview = previewMotion ?? large
    for (let i = 0; i < n; i++) {
      const c = data.nodeCluster[i]
      graph.addNode(String(i), { x: xy[2 * i], y: xy[2 * i + 1], size, color: clusterColour(c, data.clusterSizes[c]), label: data.labels[i] })
    }
    for (let e = 0; e < data.from.length; e++) graph.addEdgeWithKey(String(e), String(data.from[e]), String(data.to[e]), { size: 1, color: EDGE })

    let renderer: Sigma
    try {
      renderer = new Sigma(graph, container.current!, {
        // Straight edges only: every edge pays the vertices of the heaviest path registered.
        primitives: { edges: { paths: [pathLine()] } },
        styles: {
          nodes: [
            DEFAULT_STYLES.nodes,
            { labelVisibility: { whenState: 'isHovered', then: 'visible', else: 'hidden' }, cursor: 'pointer' },
            { when: (_a, state, graphState) => graphState.hasHighlighted && !state.isHighlighted, then: { color: FADED_NODE } },
            { whenState: 'isHighlighted', then: { depth: 'topNodes' } },
          ],
          edges: [
            DEFAULT_STYLES.edges,
            { cursor: 'pointer' },
            { when: (_a, state, graphState) => graphState.hasHighlighted && !state.isHighlighted, then: { color: FADED_EDGE } },
            { whenState: 'isHighlighted', then: { color: HIGHLIGHTED_EDGE } },
            { whenState: 'isHovered', then: { color: '#1f2933', size: 2.5 } },
          ],
        },
        settings: {
          enableEdgeEvents: !preview,
          itemSizesReference: 'screen',
          // Antialiased edges cost most of the edge shader; the edges are pale, so it does not show.
          antialiasEdges: false,
          renderEdgeLabels: false,
          // A large graph finds what is under the pointer in a coarser picking buffer, and if its
          // camera moves frame by frame (no motion preview), drops its edges meanwhile.
          hideEdgesOnMove: large && !preview,
          pickingDownSizingRatio: large ? 4 : 2,
          antialiasNodes: !large,
        },
      })
    } catch (error) {
      setFailure(`The graph cannot be drawn here: ${(error as Error).message} (it needs WebGL 2).`)
      return
    }
    setFailure(null)
    let renders = 0
    renderer.on('afterRender', () => renders++)
    renderer.on('enterNode', ({ node }) => setHovered(data.labels[Number(node)]))
    renderer.on('leaveNode', () => setHovered(null))
    // With the preview, what is under the pointer is found here (sigma draws a frame per hover and
    // no edges into its picking frame), from the nodes' places in the view, kept until sigma next draws.
    let inView: Point[] | null = null
    const nodesInView = () => (inView ??= Array.from({ length: n }, (_, i) => renderer.graphToViewport(graph.getNodeAttributes(String(i)) as Point)))
    renderer.on('afterRender', () => (inView = null))
    let hoveredNode: number | null = null
    const hover = (at: Point | null) => {
      const node = at && nearestNode(nodesInView(), at, size + NODE_HIT_PX)
      const edge = at && node === null ? nearestEdge(nodesInView(), data.from, data.to, at, EDGE_HIT_PX) : null
      container.current!.style.cursor = node !== null || edge !== null ? 'pointer' : ''
      if (node === hoveredNode) return
      hoveredNode = node
      setHovered(node === null ? null : data.labels[node])
    }
    const motion: MotionPreview | null = preview ? attachMotionPreview(renderer, container.current!, hover) : null
    if (motion) {
      const own = (e: { preventSigmaDefault(): void }) => e.preventSigmaDefault()
      renderer.on('doubleClickStage', own)
      renderer.on('doubleClickNode', own)
      renderer.on('doubleClickEdge', own)
    }
    renderer.on('clickNode', ({ node }) => open.current.onOpenNode(Number(node)))
    renderer.on('clickEdge', ({ edge }) => open.current.onOpenEdge(data.from[Number(edge)], data.to[Number(edge)]))
    if (preview) {
      renderer.on('clickStage', ({ event }) => {
        const edge = nearestEdge(nodesInView(), data.from, data.to, event, EDGE_HIT_PX)
        if (edge !== null) open.current.onOpenEdge(data.from[edge], data.to[edge])
      })
    }
    live.current = renderer
    setSigma(renderer)

    // The layout runs for a bounded time counted from its first step: the worker's first answer
    // can wait behind sigma's first frame. Without a worker (a browser that refuses one) the
    // starting positions stay.
    let settled = n < 2
    let layout: FA2Layout | null = null
    let timer = 0
    const stop = () => {
      layout?.kill()
      settled = true
      setLaying(false)
    }
    const firstStep = () => {
      graph.removeListener('eachNodeAttributesUpdated', firstStep)
      timer = window.setTimeout(stop, layoutMs ?? Math.min(10_000, 1500 + n / 2))
    }
    if (!settled) {
      try {
        layout = new FA2Layout(graph, { settings: forceAtlas2.inferSettings(graph), getEdgeWeight: null })
        graph.on('eachNodeAttributesUpdated', firstStep)
        layout.start()
        setLaying(true)
      } catch {
        stop()
      }
    }

    if (navigator.webdriver) {
      const pagePoint = (p: Point): Point => {
        const box = container.current!.getBoundingClientRect()
        const v = renderer.graphToViewport(p)
        return { x: box.left + v.x, y: box.top + v.y }
      }
      const nodePoint = (i: number) => pagePoint(graph.getNodeAttributes(String(i)) as Point)
      window.__refrainClusters = {
        get settled() {
          return settled
        },
        get renders() {
          return renders
        },
        previewsMotion: motion !== null,
        get motionIdle() {
          return motion?.idle ?? true
        },
        nodes: n,
        edges: data.from.length,
        nodePoint,
        edgePoint: (gap = 10) => {
          const points = Array.from({ length: n }, (_, i) => nodePoint(i))
          const found = clearPointOnEdge(points, data.from, data.to, gap)
          return found && { from: data.from[found.edge], to: data.to[found.edge], at: found.at }
        },
      }
    }

    return () => {
      window.clearTimeout(timer)
      graph.removeListener('eachNodeAttributesUpdated', firstStep)
      layout?.kill()
      motion?.dispose()
      live.current = null
      renderer.kill()
      setSigma(null)
      setHovered(null)
      setLaying(false)
      if (navigator.webdriver) delete window.__refrainClusters
    }
  }, [data, layoutMs, previewMotion])

  useEffect(() => {
    if (!sigma || selected === null) return
    const nodes: string[] = []
    const edges: string[] = []
    for (let i = 0; i < data.nodeCluster.length; i++) if (data.nodeCluster[i] === selected) nodes.push(String(i))
    for (let e = 0; e < data.from.length; e++) if (data.nodeCluster[data.from[e]] === selected && data.nodeCluster[data.to[e]] === selected) edges.push(String(e))
    sigma.setNodesState(nodes, { isHighlighted: true })
    sigma.setEdgesState(edges, { isHighlighted: true })
    return () => {
      if (live.current !== sigma) return
      sigma.setNodesState(nodes, { isHighlighted: false })
      sigma.setEdgesState(edges, { isHighlighted: false })
    }
  }, [sigma, selected, data])

  return (
    <div className="cluster-graph">
      {failure ? (
        <div className="state state-error" role="alert">
          {failure}
        </div>
      ) : null}
      <div ref={container} className="cluster-graph-stage" data-testid="cluster-graph" aria-label="Graph of the performances: drag to pan, scroll to zoom" />
      <div className="cluster-graph-status small muted" aria-live="polite" data-testid="cluster-graph-status">
        {hovered ?? (laying ? 'Laying out…' : 'Hover a node to name it; click a node to open the performance, an edge to compare the pair.')}
      </div>
    </div>
  )
}
