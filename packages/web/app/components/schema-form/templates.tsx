import { getDefaultRegistry } from '@rjsf/core';
import { errorId, getTemplate, getUiOptions, type BaseInputTemplateProps, type FieldErrorProps, type FieldTemplateProps, type TemplatesType } from '@rjsf/utils';

const defaults = getDefaultRegistry().templates;

/**
 * A field: its label (the required mark is visual only: the control's `required` is what a screen
 * reader announces), the description linked by rjsf's aria-describedby, the control, its errors.
 */
function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, children, errors, help, description, hidden, required, displayLabel, registry, uiSchema, classNames } = props;
  const options = getUiOptions(uiSchema);
  const WrapIfAdditional = getTemplate('WrapIfAdditionalTemplate', registry, options);
  if (hidden) return <div hidden>{children}</div>;
  const ownLabel = displayLabel && options.widget !== 'checkbox';
  return (
    <WrapIfAdditional {...props} classNames={`schema-field ${classNames ?? ''}`}>
      {ownLabel && label ? (
        <label htmlFor={id}>
          {label}
          {required ? (
            <span className="required-mark" aria-hidden="true">
              {' '}
              *
            </span>
          ) : null}
        </label>
      ) : null}
      {displayLabel && description ? description : null}
      {children}
      {errors}
      {help}
    </WrapIfAdditional>
  );
}

/** The field's errors, right under it: in the control's aria-describedby (rjsf links this id) and announced as they appear. */
function FieldErrorTemplate({ errors = [], fieldPathId }: FieldErrorProps) {
  const shown = errors.filter((error) => Boolean(error));
  if (shown.length === 0) return null;
  return (
    <div id={errorId(fieldPathId)} className="schema-field-errors" role="alert">
      {shown.map((error, index) => (
        <p key={index} className="field-error">
          {error}
        </p>
      ))}
    </div>
  );
}

/** Text-like inputs, marked aria-invalid while they have an error. */
function BaseInputTemplate(props: BaseInputTemplateProps) {
  const Base = defaults.BaseInputTemplate;
  const invalid = (props.rawErrors?.length ?? 0) > 0;
  return <Base {...props} aria-invalid={invalid || undefined} />;
}

export const templates: Partial<TemplatesType> = { FieldTemplate, FieldErrorTemplate, BaseInputTemplate };
