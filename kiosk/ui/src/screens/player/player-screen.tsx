// Player: placeholder until the player lands.
export function PlayerScreen(props: { sessionId: number | null; courseId: number; title: string; onDone: () => void }) {
  return <div class="placeholder" data-course={props.courseId}>{props.title}<button class="btn" onClick={props.onDone}>返回</button></div>;
}
