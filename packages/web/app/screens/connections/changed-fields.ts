type Fields = Record<string, unknown>;

/** What a person leaves empty: rjsf drops a cleared input from the form's data, or keeps it as undefined or ''. */
const isEmpty = (value: unknown) => value === undefined || value === '';

/**
 * The `fields` of an edit's PATCH: only what changed. A secret left empty keeps its stored value (the
 * form says so: secrets are never shown, so empty cannot mean "remove"); a new one replaces it.
 * Another field is sent when edited, and as `null` when it was emptied, which the API reads as
 * "remove the stored value": leaving it out would keep the old value, the opposite of what the
 * person did. `shown`: the fields the form shows, the only ones a person can have emptied.
 */
export function changedFields(values: Fields, stored: Fields, form: { secrets: ReadonlySet<string>; shown: ReadonlySet<string> }): Fields {
  const changed: Fields = {};
  for (const [key, value] of Object.entries(values)) {
    if (isEmpty(value)) continue;
    if (form.secrets.has(key) || JSON.stringify(value) !== JSON.stringify(stored[key])) changed[key] = value;
  }
  for (const key of form.shown) {
    if (!form.secrets.has(key) && isEmpty(values[key]) && !isEmpty(stored[key])) changed[key] = null;
  }
  return changed;
}

/** The values of the fields a form shows, from stored or typed ones. */
export function fieldsShown(values: Fields, shown: ReadonlySet<string>): Fields {
  return Object.fromEntries(Object.entries(values).filter(([key]) => shown.has(key)));
}
