import { useState } from 'preact/hooks';

/** The id pattern of courses, lessons and quizzes (lower case, digits, hyphens), as the author API checks it. */
export const ID_PATTERN = '[a-z0-9][a-z0-9\\-]{0,79}';

interface Props {
  /** The input's id (its label points at it). */
  inputId: string;
  label: string;
  submitLabel: string;
  /** Called with a non-empty id; the field is emptied after. */
  onSubmit: (id: string) => void;
}

/** "A new lesson / quiz with this id": one field and one button, the id checked by the browser's pattern. */
export function NewIdForm({ inputId, label, submitLabel, onSubmit }: Props) {
  const [value, setValue] = useState('');
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (value) onSubmit(value);
        setValue('');
      }}
    >
      <label for={inputId}>{label}</label>
      <input
        id={inputId}
        autocapitalize="none"
        pattern={ID_PATTERN}
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit" class="button">
        {submitLabel}
      </button>
    </form>
  );
}
