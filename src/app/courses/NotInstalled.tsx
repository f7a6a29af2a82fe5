import { t } from '../i18n/t';

/** A link to a course that is not (or no longer) on this phone. */
export function NotInstalled() {
  return (
    <section aria-labelledby="missing-title">
      <h1 id="missing-title">{t('course.missing')}</h1>
      <p>
        <a href="/">{t('nav.backHome')}</a>
      </p>
    </section>
  );
}
