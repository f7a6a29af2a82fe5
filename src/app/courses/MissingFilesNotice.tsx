// Main bundle: the check is small; the notice with its texts and the download client load only
// when a course really lost files (CourseRepair.tsx).
import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import type { CourseOnPhone } from './use-installed-courses';
import { checkCourseFiles, missingFiles } from './missing-course-files';
import type { CourseRepairProps } from './CourseRepair';

/** Checks a course's stored files when shown; if some were evicted, tells the learner and offers to fetch them. */
export function MissingFilesNotice({ course }: { course: Pick<CourseOnPhone, 'id' | 'manifest' | 'absent'> }) {
  const missing = missingFiles.value[course.id];
  const [Repair, setRepair] = useState<FunctionComponent<CourseRepairProps> | null>(null);
  useEffect(() => {
    void checkCourseFiles(course.id);
  }, [course.id, course.absent.length]);
  useEffect(() => {
    if (missing && !Repair) void import('./CourseRepair').then((m) => setRepair(() => m.CourseRepair));
  }, [missing, Repair]);
  if (!missing || !Repair) return null;
  return <Repair course={course} missing={missing} />;
}
