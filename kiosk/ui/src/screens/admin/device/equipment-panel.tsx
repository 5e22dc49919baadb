// 设备登记: the station's equipment register in the device tab — a table whose rows open an edit dialog (with
// 删除 in it), and 登记设备 for a new one. Rows, not small buttons at the table's far edge, take the focus:
// Up/Down walk the register with a remote, OK opens a row, Back/Escape closes without saving.
import { useState } from 'preact/hooks';
import { stationTimeZone, t, type MessageKey } from '../../../i18n/i18n.ts';
import { station } from '../../../station-store.ts';
import { Dialog } from '../../../components/dialog.tsx';
import type { Equipment, EquipmentCondition, EquipmentInput, EquipmentList } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { ConfirmDialog, DateField, NumberField, Problem, TextField, ToggleGroup } from '../fields.tsx';
import { isLocalDate, localDateAt } from '../schedule/local-dates.pure.ts';

const CONDITIONS: EquipmentCondition[] = ['good', 'fair', 'damaged', 'scrapped'];
const conditionLabel = (c: EquipmentCondition) => t(`health.equipment.condition.${c}` as MessageKey);

function orNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

function EquipmentForm(props: { item: Equipment | null; today: string; onClose: () => void; onSaved: (saved: Equipment) => void; onDelete: () => void }) {
  const e = props.item;
  const [name, setName] = useState(e?.name ?? '');
  const [model, setModel] = useState(e?.model ?? '');
  const [quantity, setQuantity] = useState(e?.quantity ?? 1);
  const [issuedOn, setIssuedOn] = useState(e?.issuedOn ?? '');
  const [condition, setCondition] = useState<EquipmentCondition>(e?.condition ?? 'good');
  const [notes, setNotes] = useState(e?.notes ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    // Caught here, before the agent is asked: the two mistakes a person typing on a remote makes most.
    if (name.trim() === '') return setProblem(t('health.equipment.nameRequired'));
    if (issuedOn.trim() !== '' && !isLocalDate(issuedOn.trim())) return setProblem(t('health.equipment.dateInvalid'));
    setSaving(true);
    setProblem(null);
    const body: EquipmentInput = { name: name.trim(), model: orNull(model), quantity, issuedOn: orNull(issuedOn), condition, notes: orNull(notes) };
    try {
      const saved = e ? await adminApi.put<Equipment>(`/api/admin/equipment/${e.id}`, body) : await adminApi.post<Equipment>('/api/admin/equipment', body);
      props.onSaved(saved);
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={e ? t('health.equipment.editTitle', { name: e.name }) : t('health.equipment.newTitle')} onClose={props.onClose} wide testId="equipment-form">
      <form
        data-focus-section="contain"
        class="adm-form hl-equipment-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          void save();
        }}
      >
        <TextField label={t('health.equipment.col.name')} value={name} onInput={setName} maxLength={60} hint={t('health.equipment.nameHint')} testId="equipment-name" />
        <TextField label={t('health.equipment.col.model')} value={model} onInput={setModel} maxLength={60} hint={t('health.equipment.modelHint')} testId="equipment-model" />
        <NumberField label={t('health.equipment.col.quantity')} value={quantity} onChange={setQuantity} min={1} max={9999} unit={t('health.equipment.quantityUnit')} testId="equipment-quantity" />
        <DateField label={t('health.equipment.col.issuedOn')} value={issuedOn} today={props.today} optional onChange={setIssuedOn} hint={t('health.equipment.issuedHint')} testId="equipment-issued" />
        <ToggleGroup label={t('health.equipment.col.condition')} value={condition} options={CONDITIONS.map((c) => ({ value: c, label: conditionLabel(c) }))} onChange={setCondition} testId="equipment-condition" />
        <TextField label={t('health.equipment.col.notes')} value={notes} onInput={setNotes} maxLength={200} testId="equipment-notes" />
        <Problem text={problem} testId="equipment-problem" />
        <div class="adm-actions">
          <button type="submit" class="btn btn-primary" disabled={saving} data-testid="equipment-save">{t('common.save')}</button>
          <button type="button" class="btn" onClick={props.onClose}>{t('common.cancel')}</button>
          {e && (
            <button type="button" class="btn btn-danger hl-delete" data-testid="equipment-delete" onClick={props.onDelete}>
              {t('common.delete')}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

type Open = { kind: 'none' } | { kind: 'edit'; item: Equipment | null; deleting: boolean };

export function EquipmentPanel() {
  const { notify } = useAdmin();
  const list = useAdminResource<EquipmentList>('/api/admin/equipment');
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const today = localDateAt(station.now(), stationTimeZone());
  useStationEvents(['data_changed'], list.reload);
  const close = useStable(() => setOpen({ kind: 'none' }));
  const keepEditing = useStable(() => setOpen((o) => (o.kind === 'edit' ? { ...o, deleting: false } : o)));

  const remove = async (item: Equipment) => {
    setBusy(true);
    try {
      await adminApi.del(`/api/admin/equipment/${item.id}`);
      notify(t('health.equipment.removed', { name: item.name }));
      setProblem(null);
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setBusy(false);
      setOpen({ kind: 'none' });
      list.reload();
      // The row that held the focus is gone; the remote carries on from the register's own button.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid=equipment-add]')?.focus());
    }
  };

  const items = list.data?.items ?? [];
  return (
    <section class="hl-equipment" data-testid="equipment-panel">
      {/* The button sits beside the heading, not at the far right: arrows coming down from the charts reach it. */}
      <header class="hl-equipment-head">
        <h3 class="adm-h3">{t('health.equipment.title')}</h3>
        <button type="button" class="btn btn-primary" data-testid="equipment-add" onClick={() => setOpen({ kind: 'edit', item: null, deleting: false })}>
          {t('health.equipment.add')}
        </button>
      </header>
      <p class="adm-footnote">{t('health.equipment.explain')}</p>
      <Problem text={list.error ?? problem} />
      {list.data && items.length === 0 ? (
        <p class="adm-empty" data-testid="equipment-empty">{t('health.equipment.empty')}</p>
      ) : (
        <table class="adm-table" data-testid="equipment-table">
          <thead>
            <tr>
              <th>{t('health.equipment.col.name')}</th>
              <th>{t('health.equipment.col.model')}</th>
              <th>{t('health.equipment.col.quantity')}</th>
              <th>{t('health.equipment.col.issuedOn')}</th>
              <th>{t('health.equipment.col.condition')}</th>
              <th>{t('health.equipment.col.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr
                key={item.id}
                class="adm-row-button"
                tabIndex={0}
                data-testid="equipment-row"
                data-equipment-id={item.id}
                onClick={() => setOpen({ kind: 'edit', item, deleting: false })}
              >
                <td>{item.name}</td>
                <td>{item.model ?? '—'}</td>
                <td class="num">{item.quantity}</td>
                <td class="num">{item.issuedOn ?? '—'}</td>
                <td>
                  <span class={`hl-condition hl-condition-${item.condition}`}>{conditionLabel(item.condition)}</span>
                </td>
                <td>{item.notes ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open.kind === 'edit' && (
        <EquipmentForm
          item={open.item}
          today={today}
          onClose={close}
          onDelete={() => setOpen({ ...open, deleting: true })}
          onSaved={(saved) => {
            notify(t(open.item ? 'health.equipment.updated' : 'health.equipment.added', { name: saved.name }));
            setOpen({ kind: 'none' });
            list.reload();
          }}
        />
      )}
      {open.kind === 'edit' && open.deleting && open.item && (
        <ConfirmDialog
          title={t('health.equipment.confirmTitle')}
          text={t('health.equipment.confirmText', { name: open.item.name })}
          confirmLabel={t('common.delete')}
          danger
          busy={busy}
          onCancel={keepEditing}
          onConfirm={() => void remove(open.item!)}
        />
      )}
    </section>
  );
}
