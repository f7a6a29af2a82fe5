import type { Profile } from '../../db/profile';
import { CourseCard } from '../courses/CourseCard';
import { InstallPrompt } from './InstallPrompt';
import { PendingSyncCount } from '../sync/PendingSyncCount';
import { withLearner } from '../profiles/LearnerGate';
import { SyncStatus } from '../sync/SyncStatus';
import { useInstalledCourses } from '../courses/use-installed-courses';
import { t } from '../i18n/t';
import { lockProfile } from '../profiles/learner';

/** Home: who is studying, their courses with progress, and what still waits to be sent. */
function Home({ learner }: { learner: Profile }) {
  const courses = useInstalledCourses();
  return (
    <section aria-labelledby="home-title">
      <div class="home__who">
        <p class="lead">{t('home.greeting', { name: learner.name })}</p>
        <button type="button" class="button button--small" onClick={lockProfile}>
          {t('profiles.switch')}
        </button>
      </div>
      <InstallPrompt />
      {/* Slot for the sync engineer's status and "Sinkronkan sekarang" button. */}
      <div class="home__sync" data-slot="sync-status">
        <PendingSyncCount learnerId={learner.id} />
        <SyncStatus learnerId={learner.id} />
      </div>
      <h1 id="home-title">{t('home.title')}</h1>
      {courses && courses.length === 0 && <p class="empty">{t('home.empty')}</p>}
      {courses && courses.length === 0 && (
        <a class="button button--primary" href="/katalog">
          {t('home.openCatalog')}
        </a>
      )}
      <ul class="course-list">
        {courses?.map((course) => (
          <li key={course.id}>
            <CourseCard course={course} learnerId={learner.id} />
          </li>
        ))}
      </ul>
      <p>
        <a href="/riwayat">{t('history.link')}</a>
      </p>
      <p>
        <a href="/sertifikat">{t('certificates.link')}</a> · <a href="/periksa">{t('verify.link')}</a>
      </p>
    </section>
  );
}

export const HomeScreen = withLearner(Home);
