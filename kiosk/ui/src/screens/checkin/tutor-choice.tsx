// The tutor leading this group viewing, shown at the door: the station's first tutor unless changed here. OK
// on 更换辅导员 moves to the next tutor, so a remote chooses without a list. Gone once the viewing ended: the
// record keeps the tutor it had.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api.ts';
import { t } from '../../i18n/i18n.ts';
import { refusalText } from '../../i18n/refusals.ts';
import type { SessionAnswer, SessionView, Tutors } from '../../api-types.ts';

export function TutorChoice({ view, onProblem }: { view: SessionView; onProblem: (text: string) => void }) {
  const [tutors, setTutors] = useState<Array<{ id: number; name: string }>>([]);
  const [name, setName] = useState<string | null>(view.session.tutor);
  useEffect(() => setName(view.session.tutor), [view.session.tutor]);
  useEffect(() => {
    let live = true;
    api
      .get<Tutors>('/api/tutors')
      .then((r) => live && setTutors(r.tutors))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (view.session.kind !== 'group_viewing' || view.session.status === 'ended') return null;
  // A station without tutor accounts shows the door as before.
  if (tutors.length === 0 && name === null) return null;

  const next = async () => {
    const at = tutors.findIndex((tu) => tu.name === name);
    const chosen = tutors[(at + 1) % tutors.length]!;
    try {
      const r = await api.post<SessionAnswer>(`/api/sessions/${view.session.id}/tutor`, { accountId: chosen.id });
      setName(r.session.tutor);
    } catch (err) {
      onProblem(err instanceof ApiFailure ? refusalText(err) : String(err));
    }
  };

  return (
    <div class="checkin-tutor" data-testid="checkin-tutor">
      <span data-testid="checkin-tutor-name">{name ? t('checkin.tutor', { name }) : t('checkin.tutorNone')}</span>
      {tutors.length > (name ? 1 : 0) && (
        <button type="button" class="btn" data-testid="checkin-tutor-next" onClick={() => void next()}>
          {t('checkin.tutorChange')}
        </button>
      )}
    </div>
  );
}
