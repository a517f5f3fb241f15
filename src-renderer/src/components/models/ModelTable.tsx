// The models and their cards, one row each: what the model reads and outputs, what it was trained
// on and how, how well it retrieved versions on validation and test data, its calibrated
// threshold and licence; the active one marked, the others with a button to make them active.
import type { ModelInfo } from '../../../../src-main/api/contract'
import { fmtInt } from '../../format'

const SOURCE_TITLES: Record<ModelInfo['source'], string> = { shipped: 'shipped', user: 'yours', elsewhere: 'outside your models folder' }
const map = (value: number | null) => (value === null ? '—' : value.toFixed(3))

export function ModelTable({ models, busy, onActivate }: { models: ModelInfo[]; busy: boolean; onActivate: (model: ModelInfo) => void }) {
  return (
    <div className="table-wrap">
      <table className="table model-table" data-testid="models-table" aria-label="Embedding models">
        <thead>
          <tr>
            <th>Model</th>
            <th>Input → output</th>
            <th>Training</th>
            <th className="num">Validation MAP</th>
            <th className="num">Test MAP</th>
            <th>Calibration</th>
            <th>Licence</th>
            <th>Active</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.path} data-testid="model-row" data-model={m.name} data-active={m.active ? 'true' : 'false'}>
              <td>
                <div className="cell-strong">{m.name}</div>
                <div className="small muted mono" title={m.id}>
                  {m.id.slice(0, 12)} · {SOURCE_TITLES[m.source]}
                </div>
                <div className="small muted mono model-path" title={m.path}>
                  {m.path}
                </div>
              </td>
              <td>
                {m.card.feature} → {m.card.dim}-d
                {m.card.parameters !== null && <div className="small muted">{fmtInt(m.card.parameters)} parameters</div>}
              </td>
              <td>
                <div>{m.card.loss} loss</div>
                <div className="small muted">
                  {m.card.trainingData ? `on ${m.card.trainingData}` : 'no training data named'}
                  {m.card.epochs !== null && `, ${m.card.epochs} epochs`}
                  {m.card.bestEpoch !== null && ` (best ${m.card.bestEpoch})`}
                  {m.card.interrupted && ', stopped early'}
                </div>
              </td>
              <td className="num" data-testid="model-val-map">
                {map(m.card.valMap)}
                {m.card.valChance !== null && <div className="small muted">chance {m.card.valChance.toFixed(3)}</div>}
              </td>
              <td className="num">{map(m.card.testMap)}</td>
              <td className="small">{m.card.calibration ?? '—'}</td>
              <td className="small">{m.card.licence}</td>
              <td>
                {m.active ? (
                  <span className="status status-done" data-testid="model-active">
                    active
                  </span>
                ) : (
                  <button type="button" disabled={busy} onClick={() => onActivate(m)} data-testid="model-activate" aria-label={`Make ${m.name} the active model`}>
                    Make active
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
