// Check-in (签到) for a group viewing or a branch activity (支部活动): big name tiles, search by name or pinyin initials (keyboard or the
// on-screen pad), card readers, guests, live figures, and an administrator's undo.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api.ts';
import { adminLogin, adminLogout, isAdmin } from '../../admin-session.ts';
import { useBackHandler } from '../../navigation.ts';
import { station, useStation } from '../../station-store.ts';
import { t } from '../../i18n/i18n.ts';
import { refusalText } from '../../i18n/refusals.ts';
import { Toast, toast, type ToastMessage } from '../../components/toast.tsx';
import type { PinRefusal } from '../../components/pin-pad.tsx';
import type { ActivityDoorView, AttendeeView, CheckinList, CheckinMember, CheckinSoundLevel, GuestCategory, PhoneTail, SessionView, UndoneCheckin } from '../../api-types.ts';
import { useDoorKeys } from './use-door-keys.ts';
import { letterHints, orderTiles } from './roster-search.pure.ts';
import { adoptSnapshot, applyCheckin, applyUndo, checkinsByMember, type CheckinReply, type HeldView } from './live-session.pure.ts';
import { targetPaths, type CheckinTarget } from './checkin-target.pure.ts';
import { ActivityCheckinHeader } from './activity-checkin-header.tsx';
import { LetterPad } from './letter-pad.tsx';
import { GuestDialog } from './guest-dialog.tsx';
import { UndoDialog } from './undo-dialog.tsx';
import { CheckinHeader } from './checkin-header.tsx';
import { MemberTile } from './member-tile.tsx';
import { playCheckinSound, prepareCheckinSound } from './checkin-sound.ts';
import { useResultJump } from './result-jump.ts';

/** What the screen holds of its target: the viewing's session, or the activity (the same figures and attendees). */
type DoorView = SessionView | ActivityDoorView;

type CheckinBody = { memberId: number; method: 'tile' | 'search' } | { cardUid: string } | { guest: { name: string; category: GuestCategory } };

function messageOf(err: unknown): string {
  if (err instanceof ApiFailure) return refusalText(err);
  return err instanceof Error ? err.message : String(err);
}

export function CheckinScreen(props: { target: CheckinTarget; onDone: () => void }) {
  const { target } = props;
  const paths = useMemo(() => targetPaths(target), [target.kind, target.id]);
  const { state } = useStation();
  const [roster, setRoster] = useState<CheckinMember[] | null>(null);
  const [held, setHeld] = useState<HeldView<DoorView> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [message, setMessage] = useState<ToastMessage | null>(null);
  const [dialog, setDialog] = useState<'guest' | 'undo' | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  /** Members whose check-in is on its way: a second OK press must not answer "already" over "checked in". */
  const inFlight = useRef(new Set<number>());

  const load = useCallback(async () => {
    try {
      // What the snapshot is as new as: the agent's clock when we asked.
      const asked = station.now();
      const [list, view] = await Promise.all([api.get<CheckinList>('/api/members/checkin-list'), api.get<DoorView>(paths.view)]);
      setRoster(list.members);
      setHeld((h) => adoptSnapshot(h, view, asked));
      setLoadError(null);
    } catch (err) {
      setLoadError(messageOf(err));
    }
  }, [paths]);

  useEffect(() => {
    void load();
    // The roster changes when the administrator imports it (from the CLI, too): read it again then.
    return station.onEvent((e) => {
      if (e.type === 'data_changed') void load();
    });
  }, [load]);

  // Every check-in, from this screen or elsewhere, reaches us as a fresher station snapshot.
  const live: DoorView | undefined =
    target.kind === 'session' ? state?.live.find((v) => v.session.id === target.id)
    : state?.activityCheckin?.activity.id === target.id ? state.activityCheckin
    : undefined;
  useEffect(() => {
    if (live && state) setHeld((h) => adoptSnapshot(h, live, state.now));
  }, [live, state?.now]);

  const view = held?.view ?? null;
  const checked = useMemo(() => checkinsByMember(view), [view]);
  const checkedIds = useMemo(() => new Set(checked.keys()), [checked]);
  // Four digits typed on the remote's number keys: the members whose phone ends so (the agent matches; the
  // numbers never come to the screen).
  const [phoneTail, setPhoneTail] = useState<{ tail: string; ids: ReadonlySet<number> } | null>(null);
  const typedTail = /^\d{4}$/.test(query.trim()) ? query.trim() : null;
  useEffect(() => {
    if (typedTail === null) return setPhoneTail(null);
    let current = true;
    api
      .get<PhoneTail>(`/api/members/phone-tail/${typedTail}`)
      .then((r) => current && setPhoneTail({ tail: typedTail, ids: new Set(r.ids) }))
      .catch(() => current && setPhoneTail({ tail: typedTail, ids: new Set() }));
    return () => {
      current = false;
    };
  }, [typedTail]);
  const tilesFor = useCallback(
    (q: string) => {
      const tail = /^\d{4}$/.test(q.trim()) ? q.trim() : null;
      if (tail !== null && phoneTail?.tail === tail) return orderTiles((roster ?? []).filter((m) => phoneTail.ids.has(m.id)), checkedIds, '');
      return orderTiles(roster ?? [], checkedIds, q);
    },
    [roster, checkedIds, phoneTail],
  );
  const tiles = useMemo(() => tilesFor(query), [tilesFor, query]);
  const hints = useMemo(() => letterHints(roster ?? [], checkedIds, query), [roster, checkedIds, query]);
  const jump = useResultJump(query, tiles.length, panelRef, gridRef);

  // A remote user starts on the first name; after each check-in the next person starts there again.
  const loaded = roster !== null && view !== null;
  useEffect(() => {
    if (!loaded || dialog) return;
    const first = gridRef.current?.querySelector<HTMLElement>('[data-autofocus]') ?? searchRef.current;
    first?.focus();
  }, [loaded, focusRequest]);

  // A tile that had the focus can vanish as the search narrows; the focus then goes to the first name left.
  useEffect(() => {
    if (!loaded || dialog) return;
    const active = document.activeElement;
    if (active === null || active === document.body) gridRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [tiles]);

  // After a letter on the pad leaves one person still to check in, the focus goes to them: one OK more.
  const [padTyped, setPadTyped] = useState(0);
  useEffect(() => {
    if (padTyped === 0) return;
    const waitingMatches = tiles.filter((m) => !checkedIds.has(m.id));
    if (waitingMatches.length === 1) gridRef.current?.querySelector<HTMLElement>(`[data-member-id="${waitingMatches[0]!.id}"]`)?.focus();
  }, [padTyped]);

  const show = (text: string, kind: ToastMessage['kind']) => setMessage(toast(text, kind));
  const soundLevel = (): CheckinSoundLevel => station.current.state?.station.checkinSound ?? 'off';
  useEffect(() => prepareCheckinSound(soundLevel()), []);

  /** Sends a check-in and shows the outcome; a refusal is returned, and shown here unless a dialog shows it. */
  const post = async (body: CheckinBody, showRefusal = true): Promise<string | null> => {
    try {
      const reply = await api.post<CheckinReply>(paths.checkins, body);
      const member = roster?.find((m) => m.id === reply.attendance.memberId);
      setHeld((h) => h && applyCheckin(h, reply, member?.registered ?? false));
      if (reply.status === 'checked_in') {
        show(t(reply.attendance.late ? 'checkin.done.late' : 'checkin.done', { name: reply.name }), 'ok');
        playCheckinSound('accepted', soundLevel());
      } else {
        show(t('checkin.already', { name: reply.name, time: reply.time }), 'warn');
        playCheckinSound('refused', soundLevel());
      }
      return null;
    } catch (err) {
      const text = messageOf(err);
      if (showRefusal) show(text, 'error');
      playCheckinSound('refused', soundLevel());
      return text;
    }
  };

  const checkInMember = async (member: CheckinMember, method: 'tile' | 'search') => {
    if (inFlight.current.has(member.id)) return;
    inFlight.current.add(member.id);
    const wasIn = checkedIds.has(member.id);
    try {
      const refused = await post({ memberId: member.id, method });
      if (!refused && !wasIn) {
        setQuery('');
        setFocusRequest((n) => n + 1);
      }
    } finally {
      inFlight.current.delete(member.id);
    }
  };

  const checkInGuest = async (guest: { name: string; category: GuestCategory }) => {
    const refused = await post({ guest }, false);
    if (!refused) setDialog(null);
    return refused;
  };

  const undo = async (attendee: AttendeeView, pin: string): Promise<PinRefusal | null> => {
    // Admin rights last only for this undo unless the administrator was already in admin mode.
    const wasAdmin = isAdmin();
    const login = await adminLogin(pin);
    if ('error' in login) return login.error;
    try {
      const reply = await api.del<UndoneCheckin>(paths.undo(attendee.attendanceId));
      setHeld((h) => h && applyUndo(h, reply.attendance, reply.figures));
      setDialog(null);
      show(t('checkin.undone', { name: attendee.name }), 'ok');
      return null;
    } catch (err) {
      return messageOf(err);
    } finally {
      if (!wasAdmin) await adminLogout().catch(() => undefined);
    }
  };

  // Typing reaches the search from anywhere on the screen; a card reader's burst never does (card-burst.pure.ts).
  const typeText = (text: string) => {
    const input = searchRef.current;
    if (input && document.activeElement === input) {
      const start = input.selectionStart ?? input.value.length;
      const end = input.selectionEnd ?? start;
      input.value = input.value.slice(0, start) + text + input.value.slice(end);
      input.setSelectionRange(start + text.length, start + text.length);
      setQuery(input.value);
    } else {
      setQuery((q) => q + text);
    }
  };
  // A card's first characters, released as typing before the rest of the card reached the page: out again.
  const untypeText = (text: string) => {
    const input = searchRef.current;
    if (input && document.activeElement === input) {
      const end = input.selectionStart ?? input.value.length;
      if (input.value.slice(end - text.length, end) !== text) return;
      input.value = input.value.slice(0, end - text.length) + input.value.slice(end);
      input.setSelectionRange(end - text.length, end - text.length);
      setQuery(input.value);
    } else {
      setQuery((q) => (q.endsWith(text) ? q.slice(0, -text.length) : q));
    }
  };
  useDoorKeys({
    type: typeText,
    untype: untypeText,
    card: (cardUid) => void post({ cardUid }),
    // Outside the search field Backspace would mean Back; while something is typed it deletes instead.
    backspace: (justTyped) => {
      if (document.activeElement === searchRef.current || (query === '' && justTyped === '')) return false;
      setQuery((q) => q.slice(0, -1));
      return true;
    },
  });

  // Back first clears what was typed; with nothing typed it leaves for the notice board (the app's default).
  const clearQuery = useCallback(() => {
    setQuery('');
    setFocusRequest((n) => n + 1);
  }, []);
  useBackHandler(query !== '' && !dialog ? clearQuery : null);

  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    e.preventDefault();
    // OK in the search: one name found is checked in at once; otherwise go to the first name found.
    const found = tilesFor((e.currentTarget as HTMLInputElement).value);
    if (found.length === 1) void checkInMember(found[0]!, 'search');
    else gridRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  };

  if (loadError && !loaded) {
    return (
      <div class="checkin checkin-failed" data-testid="checkin">
        <p class="checkin-error" role="alert">{t('checkin.loadFailed', { message: loadError })}</p>
        <div class="checkin-dialog-actions">
          <button type="button" class="btn btn-primary" data-autofocus onClick={() => void load()}>{t('checkin.retry')}</button>
          <button type="button" class="btn" onClick={props.onDone}>{t('common.back')}</button>
        </div>
      </div>
    );
  }
  if (!loaded || !view || !roster) {
    return (
      <div class="checkin checkin-loading" data-testid="checkin">
        <p>{t('checkin.loading')}</p>
      </div>
    );
  }

  const waiting = roster.filter((m) => !checkedIds.has(m.id)).length;
  const method = query.trim() === '' ? 'tile' : 'search';
  return (
    <div
      class="checkin"
      data-testid="checkin"
      data-session={target.kind === 'session' ? target.id : undefined}
      data-activity={target.kind === 'activity' ? target.id : undefined}
      aria-label={t('checkin.heading')}
    >
      {'session' in view ? (
        <CheckinHeader
          view={view}
          onProblem={(text) => setMessage(toast(text, 'warn'))}
          onStart={() =>
            void api.post(`/api/sessions/${target.id}/start`).catch((err: unknown) => setMessage(toast(messageOf(err), 'warn')))
          }
        />
      ) : (
        <ActivityCheckinHeader view={view} />
      )}
      <div class="checkin-body">
        <aside class="checkin-panel" ref={panelRef}>
          <input
            ref={searchRef}
            class="checkin-input checkin-search"
            data-testid="search"
            type="search"
            autoComplete="off"
            spellcheck={false}
            aria-label={t('checkin.search.label')}
            placeholder={t('checkin.search.placeholder')}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={onSearchKey}
          />
          <p class="checkin-count">
            <span data-testid="match-count">{query.trim() === '' ? t('checkin.count.all', { total: roster.length, waiting }) : t('checkin.count.found', { n: tiles.length })}</span>
            {jump && <span class="checkin-jump-hint" data-testid="jump-hint">{t('checkin.count.jump')}</span>}
          </p>
          <LetterPad
            hints={hints}
            onLetter={(l) => {
              setQuery((q) => q + l);
              setPadTyped((n) => n + 1);
            }}
            onDelete={() => setQuery((q) => q.slice(0, -1))}
            onClear={() => setQuery('')}
          />
          <div class="checkin-actions">
            <button type="button" class="btn" data-testid="open-guest" onClick={() => setDialog('guest')}>{t('checkin.guest')}</button>
            <button type="button" class="btn" data-testid="open-undo" onClick={() => setDialog('undo')}>{t('checkin.undo')}</button>
            <button type="button" class="btn" data-testid="checkin-back" onClick={props.onDone}>{t('common.back')}</button>
          </div>
          <p class="checkin-help">{t('checkin.help')}</p>
        </aside>
        <div class="checkin-tiles" ref={gridRef} data-testid="tiles">
          {tiles.map((m, i) => (
            <MemberTile key={m.id} member={m} attendee={checked.get(m.id)} first={i === 0} onPick={(member) => void checkInMember(member, method)} />
          ))}
          {tiles.length === 0 && (
            <div class="checkin-no-match" data-testid="no-match">
              <p>{t('checkin.noMatch', { query })}</p>
              <p>{t('checkin.noMatch.hint')}</p>
            </div>
          )}
        </div>
      </div>
      <Toast message={message} />
      {dialog === 'guest' && <GuestDialog guestCount={view.figures.guests} onSubmit={checkInGuest} onClose={() => setDialog(null)} />}
      {dialog === 'undo' && <UndoDialog attendees={view.attendees} onUndo={undo} onClose={() => setDialog(null)} />}
    </div>
  );
}
