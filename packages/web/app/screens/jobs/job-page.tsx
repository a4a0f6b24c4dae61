/** Placeholder: one job, its steps (issue 9). */
export function JobPage() {
  return <h1>Job</h1>;
}
