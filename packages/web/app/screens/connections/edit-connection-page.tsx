/** Placeholder: the Edit connection screen (issue 9). */
export function EditConnectionPage() {
  return <h1>Edit connection</h1>;
}
