import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { InstalledCourse } from '../../db/course-records';
import { db } from '../../db/database';

/** Installed courses, kept current as downloads finish or courses are removed (also from the worker). */
export function useInstalledCourses(): InstalledCourse[] | undefined {
  const [courses, setCourses] = useState<InstalledCourse[]>();
  useEffect(() => {
    const subscription = liveQuery(() => db.courses.toArray()).subscribe({
      next: setCourses,
      error: () => setCourses([]),
    });
    return () => subscription.unsubscribe();
  }, []);
  return courses;
}
