// 收看留证 in the settings: what is captured, and the room camera's switch (摄像头拍照 开/关). Off until the
// administrator turns it on — it photographs a room of people; saved at once, on its own, and logged.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource } from '../admin-hooks.ts';
import { Problem, ToggleGroup } from '../fields.tsx';
import type { ProofSettings } from '../../../api-types.ts';

export function RoomCameraSetting() {
  const { notify } = useAdmin();
  const loaded = useAdminResource<ProofSettings>('/api/admin/proof-settings');
  const [problem, setProblem] = useState<string | null>(null);
  if (loaded.error) return <Problem text={loaded.error} />;
  if (!loaded.data) return null;
  const turn = async (on: boolean) => {
    if (on === loaded.data?.roomCamera) return;
    setProblem(null);
    try {
      await adminApi.put<ProofSettings>('/api/admin/proof-settings', { roomCamera: on });
      notify(t(on ? 'proof.settings.savedOn' : 'proof.settings.savedOff'));
      loaded.reload();
    } catch (err) {
      setProblem(failureText(err));
    }
  };
  return (
    <div data-testid="proof-settings">
      <h3 class="adm-h3">{t('proof.settings.title')}</h3>
      <p class="adm-explain">{t('proof.settings.screen')}</p>
      <ToggleGroup<'off' | 'on'>
        label={t('proof.settings.camera')}
        value={loaded.data.roomCamera ? 'on' : 'off'}
        testId="setting-room-camera"
        fill
        options={[
          { value: 'off', label: t('proof.settings.camera.off') },
          { value: 'on', label: t('proof.settings.camera.on') },
        ]}
        onChange={(v) => void turn(v === 'on')}
      />
      <p class="adm-explain" data-testid="room-camera-note">{t('proof.settings.cameraNote')}</p>
      <Problem text={problem} testId="proof-settings-problem" />
    </div>
  );
}
