import '../i18n/screen-messages';
import type { Question } from '../../shared/quiz/question';
import { t } from '../i18n/t';
import type { AnswerDraft } from './answer-draft';

interface Props {
  question: Question;
  draft: AnswerDraft;
  onChange: (draft: AnswerDraft) => void;
  disabled: boolean;
  /** Language of the course content. */
  lang: string;
  /** Id of the element holding the question text, which labels the input group. */
  labelledBy: string;
}

/** The input for one question, by type; large touch targets, native controls for keyboards and screen readers. */
export function AnswerInput({ question, draft, onChange, disabled, lang, labelledBy }: Props) {
  const name = `answer-${question.id}`;
  switch (question.type) {
    case 'single':
    case 'multiple': {
      const multiple = question.type === 'multiple';
      const chosen = new Set(multiple ? draft.choices : draft.choice ? [draft.choice] : []);
      return (
        <fieldset class="answers" aria-labelledby={labelledBy} disabled={disabled}>
          {multiple && <p class="answers__hint">{t('quiz.chooseMany')}</p>}
          {question.choices.map((choice) => (
            <label class="choice choice--answer" key={choice.id}>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={name}
                value={choice.id}
                checked={chosen.has(choice.id)}
                onChange={(e) => {
                  if (!multiple) return onChange({ choice: choice.id });
                  const next = new Set(chosen);
                  if (e.currentTarget.checked) next.add(choice.id);
                  else next.delete(choice.id);
                  onChange({ choices: question.choices.map((c) => c.id).filter((id) => next.has(id)) });
                }}
              />
              <span lang={lang}>{choice.text}</span>
            </label>
          ))}
        </fieldset>
      );
    }
    case 'truefalse':
      return (
        <fieldset class="answers" aria-labelledby={labelledBy} disabled={disabled}>
          {[true, false].map((value) => (
            <label class="choice choice--answer" key={String(value)}>
              <input type="radio" name={name} checked={draft.value === value} onChange={() => onChange({ value })} />
              <span>{value ? t('quiz.true') : t('quiz.false')}</span>
            </label>
          ))}
        </fieldset>
      );
    case 'short':
    case 'numeric':
      return (
        <div class="answers form">
          <label for={name}>{question.type === 'numeric' ? t('quiz.numberLabel') : t('quiz.textLabel')}</label>
          <input
            id={name}
            type="text"
            inputMode={question.type === 'numeric' ? 'decimal' : 'text'}
            autocomplete="off"
            value={draft.text ?? ''}
            disabled={disabled}
            onInput={(e) => onChange({ text: e.currentTarget.value })}
          />
        </div>
      );
    case 'matching':
      return (
        <fieldset class="answers matching" aria-labelledby={labelledBy} disabled={disabled}>
          {question.left.map((left) => {
            const chosen = draft.pairs?.[left.id] ?? '';
            return (
              <div class="matching__row" key={left.id}>
                <label for={`${name}-${left.id}`} lang={lang}>
                  {left.text}
                </label>
                <select
                  id={`${name}-${left.id}`}
                  // A chosen pair must look chosen, not like the "Pilih pasangan" prompt (also once disabled under feedback).
                  class={chosen ? 'matching__select matching__select--chosen' : 'matching__select'}
                  value={chosen}
                  onChange={(e) => onChange({ pairs: { ...draft.pairs, [left.id]: e.currentTarget.value } })}
                >
                  <option value="">{t('quiz.matchPlaceholder')}</option>
                  {question.right.map((right) => (
                    <option key={right.id} value={right.id} lang={lang}>
                      {right.text}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>
      );
  }
}
