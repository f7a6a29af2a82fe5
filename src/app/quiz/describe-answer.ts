import '../i18n/screen-messages';
import type { AnswerValue, Choice, Question, QuestionKey } from '../../shared/quiz/question';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/t';

// The review shows answers in words: the text of a choice, not its id.

const textOf = (choices: Choice[], id: string) => choices.find((c) => c.id === id)?.text ?? id;

/**
 * What the learner gave for a question, as the screen says it ("Peraturan Desa", "Benar",
 * "RPJMDes → 6 tahun").
 * @example describeAnswer(question, { type: 'truefalse', value: true }) // 'Benar'
 */
export function describeAnswer(question: Question, answer: AnswerValue): string {
  if (question.type === 'single' && answer.type === 'single') return textOf(question.choices, answer.choice);
  if (question.type === 'multiple' && answer.type === 'multiple') {
    return answer.choices.map((id) => textOf(question.choices, id)).join('; ');
  }
  if (answer.type === 'truefalse') return answer.value ? t('quiz.true') : t('quiz.false');
  if (answer.type === 'short') return answer.text;
  if (answer.type === 'numeric') return formatNumber(answer.value, 6);
  if (question.type === 'matching' && answer.type === 'matching') return pairsText(question, answer.pairs);
  return '';
}

/**
 * The right answer of a question from its key, in words: the right choice(s), the accepted
 * texts, the number or range, the right pairs.
 * @example describeKey(question, { type: 'numeric', ranges: [{ min: 6, max: 6 }] }) // '6'
 */
export function describeKey(question: Question, key: QuestionKey): string {
  switch (key.type) {
    case 'single':
      return question.type === 'single' ? textOf(question.choices, key.correct) : key.correct;
    case 'multiple': {
      const right = Object.entries(key.weights).filter(([, w]) => w > 0);
      return question.type === 'multiple' ? right.map(([id]) => textOf(question.choices, id)).join('; ') : '';
    }
    case 'truefalse':
      return key.correct ? t('quiz.true') : t('quiz.false');
    case 'short':
      return key.accepted.join(' / ');
    case 'numeric':
      return key.ranges
        .map((r) => (r.min === r.max ? formatNumber(r.min, 6) : `${formatNumber(r.min, 6)}–${formatNumber(r.max, 6)}`))
        .join(' / ');
    case 'matching':
      return question.type === 'matching' ? pairsText(question, key.pairs) : '';
  }
}

function pairsText(question: Extract<Question, { type: 'matching' }>, pairs: Record<string, string>): string {
  return question.left
    .filter((l) => pairs[l.id] !== undefined)
    .map((l) => `${l.text} → ${textOf(question.right, pairs[l.id]!)}`)
    .join('; ');
}
