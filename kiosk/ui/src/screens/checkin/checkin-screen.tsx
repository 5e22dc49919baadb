// Check-in (签到): placeholder until the check-in screen lands.
export function CheckinScreen(props: { sessionId: number; onDone: () => void }) {
  return <div class="placeholder" data-session={props.sessionId}><button class="btn" onClick={props.onDone}>返回</button></div>;
}
