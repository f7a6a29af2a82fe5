import '../i18n/screen-messages';
import { useEffect, useState } from 'preact/hooks';
import type { CourseImportProblem, ImportedCourse } from '../../workers/course-download/import-course-file';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { activeProfile } from '../profiles/active-profile';
import { importCourseFile } from './course-download-client';
import { pinCoursePublishers } from './pin-course-publishers';

const IMPORT_ERRORS: Record<CourseImportProblem, MessageKey> = {
  not_course_file: 'courseFile.error.not_course_file',
  unsupported_format: 'courseFile.error.unsupported_format',
  truncated: 'courseFile.error.truncated',
  damaged: 'courseFile.error.damaged',
  bad_signature: 'courseFile.error.bad_signature',
  malformed_manifest: 'courseFile.error.malformed_manifest',
  hash_mismatch: 'courseFile.error.hash_mismatch',
  untrusted_publisher: 'courseFile.error.untrusted_publisher',
  course_withdrawn: 'courseFile.error.course_withdrawn',
  version_older: 'courseFile.error.version_older',
  version_installed: 'courseFile.error.version_installed',
  quota_exceeded: 'courseFile.error.quota_exceeded',
};

type State =
  | { kind: 'idle' }
  | { kind: 'checking'; percent: number }
  | { kind: 'done'; course: ImportedCourse }
  | { kind: 'error'; message: MessageKey; file?: string | undefined };

/**
 * "Impor kursus dari file": installs a course file received from another phone or an operator,
 * with no signal. The download worker verifies it whole before storing anything; a refused file
 * leaves every course on the phone as it was. While online it refreshes the pinned publisher keys.
 */
export function ImportCourseFile() {
  const token = activeProfile.value?.token ?? null;
  const [state, setState] = useState<State>({ kind: 'idle' });

  useEffect(() => {
    if (token) void pinCoursePublishers(token);
  }, [token]);

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // the same file may be chosen again after a refusal
    if (!file) return;
    setState({ kind: 'checking', percent: 0 });
    try {
      const result = await importCourseFile(file, (checked, total) =>
        setState({ kind: 'checking', percent: total > 0 ? Math.floor((checked * 100) / total) : 100 }),
      );
      if ('problem' in result) {
        return setState({ kind: 'error', message: IMPORT_ERRORS[result.problem], file: result.file });
      }
      setState({ kind: 'done', course: result });
    } catch {
      setState({ kind: 'error', message: 'courseFile.error.failed' });
    }
  };

  return (
    <section class="course-import" aria-labelledby="course-import-title" data-testid="course-import">
      <h2 id="course-import-title">{t('courseFile.import')}</h2>
      <p>{t('courseFile.importHint')}</p>
      <label for="course-import-file">{t('courseFile.choose')}</label>{' '}
      <input
        id="course-import-file"
        type="file"
        disabled={state.kind === 'checking'}
        onChange={(e) => void choose(e.currentTarget)}
      />
      {state.kind === 'checking' && <p role="status">{t('courseFile.checking', { percent: state.percent })}</p>}
      {state.kind === 'done' && (
        <p role="status" data-testid="course-import-done">
          {t('courseFile.imported', { title: state.course.title, version: state.course.version })}{' '}
          <a href={`/kursus/${state.course.courseId}`}>{t('courseFile.open')}</a>
        </p>
      )}
      {state.kind === 'error' && (
        <p role="alert" class="catalog-item-error" data-testid="course-import-error">
          {t(state.message, { file: state.file ?? '' })} {t('courseFile.untouched')}
        </p>
      )}
    </section>
  );
}
