import { useId, useState } from 'react';
import { useRecipeVersion, useRecipeVersions, type Recipe } from '../../api/recipes.ts';
import { RelativeTime } from '../../components/relative-time.tsx';
import { LoadError } from '../../components/load-error.tsx';

/** The saved versions, newest first: which one runs, and the definition any of them holds. */
export function VersionsTab({ recipe }: { recipe: Recipe }) {
  const versions = useRecipeVersions(recipe.id);
  const [viewing, setViewing] = useState<number | null>(null);
  const shown = useRecipeVersion(recipe.id, viewing);
  const definitionId = useId();

  if (versions.isPending) return <p role="status">Loading versions…</p>;
  if (versions.isError) {
    return <LoadError what="versions" error={versions.error} retry={versions.refetch} />;
  }
  return (
    <div className="versions">
      <p className="count">{versions.data.length === 1 ? '1 version' : `${versions.data.length} versions`}</p>
      <table className="recipe-table versions-table" aria-label="Versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Definition</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.data.map((v) => (
            <tr key={v.version}>
              <th scope="row" data-label="Version">
                Version {v.version}
              </th>
              <td data-label="Saved">
                <RelativeTime iso={v.createdAt} />
              </td>
              <td data-label="By">{v.createdBy}</td>
              <td data-label="State">{[v.running ? 'Running' : null, v.version === recipe.version ? 'Current' : null].filter(Boolean).join(', ') || '—'}</td>
              <td data-label="Definition">
                <button
                  type="button"
                  className="button secondary"
                  aria-expanded={viewing === v.version}
                  aria-controls={viewing === v.version ? definitionId : undefined}
                  onClick={() => setViewing((was) => (was === v.version ? null : v.version))}
                >
                  View version {v.version}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {viewing !== null ? (
        <section id={definitionId} className="version-definition" aria-label={`Version ${viewing}`}>
          <h2>Version {viewing}</h2>
          {shown.isPending ? <p role="status">Loading version {viewing}…</p> : null}
          {shown.isError ? (
            <p role="alert" className="banner error">
              Version {viewing} could not be loaded: {shown.error.message}
            </p>
          ) : null}
          {shown.data ? (
            <pre tabIndex={0} aria-label={`Definition of version ${viewing}`}>
              {JSON.stringify(shown.data.definition, null, 2)}
            </pre>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
