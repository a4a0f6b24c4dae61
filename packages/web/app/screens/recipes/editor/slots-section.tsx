import { useId, useState } from 'react';
import type { Connector } from '../../../api/client.ts';
import type { RecipeDefinition } from '../../../api/recipes.ts';

const SLOT_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The recipe's connection slots: named places for an app's connection (a primary and a secondary
 * Salesforce org). The steps name a slot; the Connections tab binds each slot to a connection.
 */
export function SlotsSection({ definition, onChange, connectors }: { definition: RecipeDefinition; onChange: (d: RecipeDefinition) => void; connectors: Map<string, Connector> | undefined }) {
  const ids = { name: useId(), app: useId(), error: useId() };
  const apps = [...(connectors?.values() ?? [])].filter((c) => c.needsConnection);
  const [name, setName] = useState('');
  const [app, setApp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const slots = Object.entries(definition.connections);

  const add = () => {
    const connector = connectors?.get(app);
    if (!SLOT_NAME.test(name)) return setError('A slot name starts with a letter, then letters, digits, - or _ (e.g. primary, secondary).');
    if (name in definition.connections) return setError(`There is a slot named ${name} already.`);
    if (!connector) return setError('Choose the app.');
    const used = slots.filter(([, s]) => s.connector === app).length;
    if (used >= connector.maxSlotsPerRecipe) return setError(`${connector.title} allows ${connector.maxSlotsPerRecipe} connection(s) per recipe.`);
    setError(null);
    setName('');
    onChange({ ...definition, connections: { ...definition.connections, [name]: { connector: app } } });
  };
  const remove = (slot: string) => {
    const { [slot]: _removed, ...rest } = definition.connections;
    onChange({ ...definition, connections: rest });
  };

  return (
    <section className="editor-section" aria-labelledby={`${ids.name}-heading`}>
      <h2 id={`${ids.name}-heading`}>App connections</h2>
      <p className="hint">Each slot is one app instance the steps use; choose its connection on the Connections tab.</p>
      {slots.length === 0 ? <p className="hint">No slots: this recipe uses no app yet.</p> : null}
      <ul className="slot-list">
        {slots.map(([slot, s]) => (
          <li key={slot}>
            <span>
              <strong>{slot}</strong> — {connectors?.get(s.connector)?.title ?? s.connector}
            </span>
            <button type="button" className="button secondary danger-text" aria-label={`Remove slot ${slot}`} onClick={() => remove(slot)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="slot-add">
        <div className="field">
          <label htmlFor={ids.name}>Slot name</label>
          <input id={ids.name} value={name} placeholder="e.g. primary" onChange={(e) => setName(e.target.value.trim())} aria-describedby={error ? ids.error : undefined} />
        </div>
        <div className="field">
          <label htmlFor={ids.app}>App</label>
          <select id={ids.app} value={app} onChange={(e) => setApp(e.target.value)}>
            <option value="">Choose…</option>
            {apps.map((c) => (
              <option key={c.key} value={c.key}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button secondary" onClick={add}>
          Add slot
        </button>
      </div>
      {error ? (
        <p id={ids.error} role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
