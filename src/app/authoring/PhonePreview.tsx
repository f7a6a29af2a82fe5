import '../i18n/staff-messages';
import type { Draft } from '../../shared/authoring/authoring-api';
import { MarkdownView } from '../components/MarkdownView';
import type { ResolvedFile } from '../components/render-markdown';
import { t } from '../i18n/t';
import type { Preview } from './authoring-api';

interface Props {
  draft: Draft;
  preview: Preview;
  resolveFile: (href: string) => ResolvedFile | undefined;
}

/** The course as a learner sees it, in a 393 px wide frame: lessons rendered as on the phone, then the quizzes. */
export function PhonePreview({ draft, preview, resolveFile }: Props) {
  const lessons = preview.manifest.modules.flatMap((m) => m.lessons);
  return (
    <div class="authoring__phone" role="region" aria-label={t('author.preview.frame')} data-testid="phone-preview">
      <h3>{preview.manifest.title}</h3>
      {lessons.map((lesson) => (
        <article key={lesson.id} class="authoring__phone-lesson">
          <MarkdownView
            markdown={draft.lessons.find((l) => l.id === lesson.id)?.markdown ?? ''}
            lang={draft.language}
            resolveFile={resolveFile}
          />
        </article>
      ))}
      {preview.quizzes.map((quiz) => (
        <section key={quiz.id} class="authoring__phone-quiz" aria-label={quiz.title}>
          <h4>{quiz.title}</h4>
          <ol>
            {quiz.questions.map((q) => (
              <li key={q.id}>
                <MarkdownView markdown={q.text} lang={draft.language} />
                {'choices' in q && (
                  <ul>
                    {q.choices.map((c) => (
                      <li key={c.id}>{c.text}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
