import type { AnswerValue, Question, QuestionKey } from '../../../shared/quiz/question';
import { scoreAnswer } from '../../../shared/quiz/score-answer';
import { t } from '../../i18n/t';
import { MarkdownView } from '../lesson/MarkdownView';

interface Props {
  question: Question;
  questionKey: QuestionKey;
  answer: AnswerValue;
  explanation?: string;
  lang: string;
}

/** latihan only: right or wrong at once, the author's feedback for the chosen options, and the explanation. */
export function AnswerFeedback({ question, questionKey, answer, explanation, lang }: Props) {
  const { correct, score } = scoreAnswer(question, questionKey, answer);
  const chosen = answer.type === 'single' ? [answer.choice] : answer.type === 'multiple' ? answer.choices : [];
  const choiceFeedback =
    'feedback' in questionKey && questionKey.feedback
      ? chosen.map((id) => questionKey.feedback?.[id]).filter((f) => f)
      : [];
  return (
    <div class={correct ? 'feedback feedback--right' : 'feedback feedback--wrong'} role="status" data-testid="feedback">
      <p class="feedback__verdict">
        {correct ? t('quiz.feedback.right') : score > 0 ? t('quiz.feedback.partial') : t('quiz.feedback.wrong')}
      </p>
      {choiceFeedback.map((text) => (
        <p key={text} lang={lang}>
          {text}
        </p>
      ))}
      {explanation && (
        <div class="feedback__explanation" data-testid="explanation">
          <p class="feedback__label">{t('quiz.explanation')}</p>
          <MarkdownView markdown={explanation} lang={lang} />
        </div>
      )}
    </div>
  );
}
