// The page shell of an admin form (account, member, program): a titled panel whose form keeps the remote's
// focus inside it (data-focus-section="contain") and saves on OK instead of reloading the page.
import type { ComponentChildren, RefObject } from 'preact';

export function FormPage(props: {
  title: string;
  testId: string;
  formRef: RefObject<HTMLFormElement>;
  onSubmit: () => void;
  /** Shown beside the form (the program's preview); the form and it then stand in two columns. */
  aside?: ComponentChildren;
  /** Placed after the form in the panel (a dialog that asks before the save goes on). */
  after?: ComponentChildren;
  children: ComponentChildren;
}) {
  const form = (
    <form
      data-focus-section="contain"
      class="adm-form"
      ref={props.formRef}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
    </form>
  );
  return (
    <section class="adm-panel adm-form-page" data-testid={props.testId}>
      <header class="adm-panel-head">
        <h2 class="adm-h2">{props.title}</h2>
      </header>
      {props.aside === undefined ? (
        form
      ) : (
        <div class="adm-form-columns">
          {form}
          {props.aside}
        </div>
      )}
      {props.after}
    </section>
  );
}
