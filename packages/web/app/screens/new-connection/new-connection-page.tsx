/** Placeholder: the New connection screen (issue 9). */
export function NewConnectionPage() {
  return <h1>New connection</h1>;
}
