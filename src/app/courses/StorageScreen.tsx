import '../i18n/screen-messages';
import { removeCourse } from './course-download-client';
import { ImportCourseFile } from './ImportCourseFile';
import { ShareCourseButton } from './ShareCourseButton';
import { formatBytes } from '../i18n/format';
import { useInstalledRecords } from './use-installed-records';
import { useStorageInfo } from './use-storage-info';
import { t } from '../i18n/t';

/** `/penyimpanan`: size per installed course, removal, and whether storage is persistent. */
export function StorageScreen() {
  const courses = useInstalledRecords();
  const storage = useStorageInfo();

  const persist = async () => {
    await navigator.storage?.persist?.();
    storage.refresh();
  };
  const remove = async (id: string, title: string) => {
    if (!confirm(t('storage.confirmRemove', { title }))) return;
    await removeCourse(id);
    storage.refresh();
  };

  return (
    <section class="storage" aria-labelledby="storage-title">
      <h1 id="storage-title">{t('storage.title')}</h1>
      {storage.usage !== null && storage.quota !== null && (
        <p>{t('storage.usage', { used: formatBytes(storage.usage), quota: formatBytes(storage.quota) })}</p>
      )}
      {storage.persisted !== null && (
        <p class="storage-persisted" data-persisted={String(storage.persisted)}>
          {storage.persisted ? t('storage.persisted') : t('storage.notPersisted')}
        </p>
      )}
      {storage.persisted === false && (
        <button type="button" class="button" onClick={() => void persist()}>
          {t('storage.persist')}
        </button>
      )}
      {courses?.length === 0 && <p>{t('storage.empty')}</p>}
      <ul class="storage-list">
        {courses?.map((course) => {
          const title = course.manifest.title;
          return (
            <li key={course.id} class="storage-item" data-course={course.id}>
              <strong>{title}</strong>
              <span>{t('storage.course', { version: course.activeVersion, size: formatBytes(course.sizeBytes) })}</span>
              <button type="button" class="button" onClick={() => void remove(course.id, title)}>
                {t('storage.remove')}
              </button>
              <ShareCourseButton courseId={course.id} title={title} />
            </li>
          );
        })}
      </ul>
      <ImportCourseFile />
      <p>
        <a href="/katalog">{t('storage.catalogLink')}</a>
      </p>
    </section>
  );
}
