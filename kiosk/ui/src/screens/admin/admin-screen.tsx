// Admin: placeholder until the admin screens land.
export function AdminScreen(props: { onExit: () => void }) {
  return <div class="placeholder"><button class="btn" onClick={props.onExit}>返回</button></div>;
}
