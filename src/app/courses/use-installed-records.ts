import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { InstalledCourse } from '../../db/course-records';
import { db } from '../../db/database';
import { downloads } from './course-download-client';

/**
 * The installed-course records as stored (a damaged manifest included, so it can still be removed),
 * kept current as downloads finish or courses are removed (also from the worker).
 */
export function useInstalledRecords(): InstalledCourse[] | undefined {
  const [courses, setCourses] = useState<InstalledCourse[]>();
  // Re-read when the worker reports progress too: a belt to liveQuery's cross-context braces.
  const finished = Object.values(downloads.value).filter((d) => d.status === 'done').length;
  useEffect(() => {
    const subscription = liveQuery(() => db.courses.toArray()).subscribe({
      next: setCourses,
      error: () => setCourses([]),
    });
    return () => subscription.unsubscribe();
  }, [finished]);
  return courses;
}
