// Moving a station to another unit of the org tree from its page (an administrator, within their subtree; the hub's
// PUT /api/county/stations/:id checks the scope and audits it). Shown only on a hub with units.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { FormDialog } from '../components/form-dialog.tsx';
import { UnitSelect, chosenUnit, unitChoice, unitName } from '../components/unit-select.tsx';
import type { UnitsAnswer } from '../api-types.ts';

function MoveDialog({ tree, stationId, stationName, unitId, onMoved, onClose }: { tree: UnitsAnswer; stationId: string; stationName: string; unitId: string | null; onMoved: () => void; onClose: () => void }) {
  const [unit, setUnit] = useState(unitChoice(tree, unitId));
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const moved = await action.run(() => api.put(`/api/county/stations/${encodeURIComponent(stationId)}`, { unitId: chosenUnit(tree, unit) }), t('units.moved'));
    if (moved !== undefined) onMoved();
  };
  return (
    <FormDialog title={t('units.move.title', { name: stationName })} formId="station-move" onSubmit={submit} onClose={onClose} action={action} footerError testid="station-move">
      <p class="muted" data-testid="station-move-current">{t('units.move.current', { name: unitName(tree, unitId) })}</p>
      <UnitSelect tree={tree} value={unit} onChange={setUnit} label={t('units.move.to')} testid="station-move-unit" />
      <p class="field-hint">{t('units.move.note')}</p>
    </FormDialog>
  );
}

/** The button on a station's page, and its dialog; `unitId` is the station's unit now (null: the hub's top). */
export function StationUnitMove({ stationId, stationName, unitId, onMoved }: { stationId: string; stationName: string; unitId: string | null; onMoved: () => void }) {
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [open, setOpen] = useState(false);
  if (!tree || tree.units.length === 0) return null;
  return (
    <>
      <button type="button" class="btn" onClick={() => setOpen(true)} data-testid="station-move-open">
        {t('units.move')}
      </button>
      {open && (
        <MoveDialog
          tree={tree}
          stationId={stationId}
          stationName={stationName}
          unitId={unitId}
          onClose={() => setOpen(false)}
          onMoved={() => {
            setOpen(false);
            onMoved();
          }}
        />
      )}
    </>
  );
}
