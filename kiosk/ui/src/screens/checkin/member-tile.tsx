// One name on the check-in screen: a big tile to press, greyed with the time once the member is in.
import { fmt, t } from '../../i18n/i18n.ts';
import type { AttendeeView, CheckinMember } from '../../api-types.ts';

export function MemberTile(props: { member: CheckinMember; attendee: AttendeeView | undefined; first: boolean; onPick: (m: CheckinMember) => void }) {
  const { member, attendee } = props;
  // Attendees on the roster who are not 在册 (activists, mobile members) say so: they count as guests.
  const category = member.category;
  const categoryTag = category === 'mobile_in' || category === 'activist' || category === 'other' ? t(`checkin.category.${category}`) : null;
  return (
    <button
      type="button"
      class={`checkin-tile ${attendee ? 'checkin-tile-in' : ''}`}
      data-testid="tile"
      data-name={member.name}
      data-member-id={member.id}
      data-checked={attendee ? 'true' : undefined}
      data-autofocus={props.first ? true : undefined}
      onClick={() => props.onPick(member)}
    >
      <span class="checkin-tile-name">{member.name}</span>
      {attendee ? (
        <span class="checkin-tile-mark" data-testid="tile-mark">
          {t('checkin.tile.in', { time: fmt.time(attendee.checkedInAt) })}
          {attendee.late ? ` ${t('checkin.tile.late')}` : ''}
        </span>
      ) : (
        <span class="checkin-tile-branch">{categoryTag ?? member.branch ?? '\u00a0'}</span>
      )}
    </button>
  );
}
