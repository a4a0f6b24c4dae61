/** Placeholder: jobs across recipes (issue 9). */
export function JobsPage() {
  return <h1>Jobs</h1>;
}
