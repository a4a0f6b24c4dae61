import { PatchbayApiError } from '../../api/client.ts';

export interface Problem {
  path: string;
  message: string;
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && 'path' in value && 'message' in value && typeof value.path === 'string' && typeof value.message === 'string';

/** The located problems of an API error (400 invalid_input, 409 steps_invalid): `[{ path, message }]`. */
export function problemsOf(error: unknown): Problem[] {
  if (!(error instanceof PatchbayApiError) || !Array.isArray(error.details)) return [];
  return error.details.filter(isProblem);
}

/** The problems of a definition, each with where it is, as a list a person can read. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problem-list">
      {problems.map((p) => (
        <li key={`${p.path}\n${p.message}`}>
          <code>{p.path}</code> {p.message}
        </li>
      ))}
    </ul>
  );
}

/** An API error as a banner: its message and, when it has them, each located problem. */
export function ErrorBanner({ error, prefix }: { error: Error; prefix: string }) {
  return (
    <div role="alert" className="banner error">
      <p>
        {prefix}: {error.message}
      </p>
      <ProblemList problems={problemsOf(error)} />
    </div>
  );
}
