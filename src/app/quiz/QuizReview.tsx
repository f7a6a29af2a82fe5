import '../i18n/screen-messages';
import type { AnswerValue, QuestionKey, QuizDocument } from '../../shared/quiz/question';
import { scoreAnswer } from '../../shared/quiz/score-answer';
import { MarkdownView } from '../components/MarkdownView';
import type { MessageKey } from '../i18n/messages';
import { inEveryLanguage, t } from '../i18n/t';
import { describeAnswer, describeKey } from './describe-answer';
import { dropRepeatedVerdict } from './drop-repeated-verdict';

interface Props {
  doc: QuizDocument;
  /** The keys to review against: the latihan's own, or those an ujian's grade brought. */
  keys: Record<string, QuestionKey>;
  explanations?: Record<string, string> | undefined;
  /** The answer that counted per question id. */
  answers: Map<string, AnswerValue>;
  lang: string;
}

/**
 * After a quiz: each question with the learner's answer, right or wrong, the right answer when it
 * was not, the author's feedback for what was chosen, and the explanation. A question without a
 * key (there should be none) is left out rather than shown wrong.
 */
export function QuizReview({ doc, keys, explanations, answers, lang }: Props) {
  const verdicts = (key: MessageKey) => inEveryLanguage(key);
  return (
    <section class="review" aria-labelledby="review-title" data-testid="review">
      <h2 id="review-title">{t('result.review.title')}</h2>
      <ol class="review__list">
        {doc.questions.map((question) => {
          const key = keys[question.id];
          if (!key) return null;
          const answer = answers.get(question.id);
          const { correct, score } = scoreAnswer(question, key, answer);
          const verdict: MessageKey = correct
            ? 'quiz.feedback.right'
            : score > 0
              ? 'quiz.feedback.partial'
              : 'quiz.feedback.wrong';
          const chosen =
            answer?.type === 'single' ? [answer.choice] : answer?.type === 'multiple' ? answer.choices : [];
          const feedback =
            'feedback' in key && key.feedback
              ? chosen
                  .map((id) => dropRepeatedVerdict(key.feedback?.[id] ?? '', verdicts(verdict)).trim())
                  .filter(Boolean)
              : [];
          const explanation = explanations?.[question.id];
          return (
            <li
              key={question.id}
              class={correct ? 'feedback feedback--right review__item' : 'feedback feedback--wrong review__item'}
              data-testid="review-item"
            >
              <MarkdownView markdown={question.text} lang={lang} />
              <p>
                <span class="feedback__label">{t('result.review.yourAnswer')}: </span>
                <span lang={lang}>{answer ? describeAnswer(question, answer) : t('result.review.noAnswer')}</span>
              </p>
              <p class="feedback__verdict">{t(verdict)}</p>
              {!correct && (
                <p data-testid="review-correct">
                  <span class="feedback__label">{t('result.review.correctAnswer')}: </span>
                  <span lang={lang}>{describeKey(question, key)}</span>
                </p>
              )}
              {feedback.map((text) => (
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
            </li>
          );
        })}
      </ol>
    </section>
  );
}
