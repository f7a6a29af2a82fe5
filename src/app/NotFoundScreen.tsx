import { t } from './i18n/t';

/** Shown for an unknown in-app address. */
export function NotFoundScreen() {
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <a href="/">{t('notFound.back')}</a>
    </section>
  );
}
