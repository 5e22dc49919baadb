// 打印预告 on the board: the week's door notice (节目预告), the agent's own A4 page, in the print preview.
// The board stays behind it; Back or 关闭 returns there.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { PrintPreview } from '../components/print-preview.tsx';
import type { DoorNotice } from '../api-types.ts';

export function DoorNoticePrint(props: { onClose: () => void }) {
  const [page, setPage] = useState<DoorNotice | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.get<DoorNotice>('/api/board/notice?range=week').then(
      (p) => live && setPage(p),
      () => live && setError(t('board.print.failed')),
    );
    return () => {
      live = false;
    };
  }, []);
  return <PrintPreview title={t('board.print.document')} page={page} error={error} onClose={props.onClose} />;
}
