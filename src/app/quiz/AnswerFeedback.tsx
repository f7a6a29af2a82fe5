import '../i18n/screen-messages';
import type { AnswerValue, Question, QuestionKey } from '../../shared/quiz/question';
import { scoreAnswer } from '../../shared/quiz/score-answer';
import type { MessageKey } from '../i18n/messages';
import { inEveryLanguage, t } from '../i18n/t';
import { dropRepeatedVerdict } from './drop-repeated-verdict';
import { MarkdownView } from '../components/MarkdownView';

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
  const verdict: MessageKey = correct
    ? 'quiz.feedback.right'
    : score > 0
      ? 'quiz.feedback.partial'
      : 'quiz.feedback.wrong';
  // The verdict is said once: an author's "Benar." under "Benar!" is dropped, in any language.
  const verdicts = inEveryLanguage(verdict);
  const chosen = answer.type === 'single' ? [answer.choice] : answer.type === 'multiple' ? answer.choices : [];
  const choiceFeedback =
    'feedback' in questionKey && questionKey.feedback
      ? chosen.map((id) => dropRepeatedVerdict(questionKey.feedback?.[id] ?? '', verdicts).trim()).filter((f) => f)
      : [];
  const rest = explanation && dropRepeatedVerdict(explanation, verdicts).trim();
  return (
    <div class={correct ? 'feedback feedback--right' : 'feedback feedback--wrong'} role="status" data-testid="feedback">
      <p class="feedback__verdict">{t(verdict)}</p>
      {choiceFeedback.map((text) => (
        <p key={text} lang={lang}>
          {text}
        </p>
      ))}
      {rest && (
        <div class="feedback__explanation" data-testid="explanation">
          <p class="feedback__label">{t('quiz.explanation')}</p>
          <MarkdownView markdown={rest} lang={lang} />
        </div>
      )}
    </div>
  );
}
