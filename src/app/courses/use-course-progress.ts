import { db } from '../../db/database';
import type { AttemptRecord } from '../../db/learning-records';
import type { CourseManifest } from '../../shared/course/manifest';
import { computeCourseProgress, type CourseProgress } from './course-progress';
import { useLiveQuery } from '../util/use-live-query';

export interface LearnerCourseState {
  progress: CourseProgress;
  attempts: AttemptRecord[];
}

/** One learner's progress and attempts in one course, kept current as they study. */
export function useCourseProgress(learnerId: string, manifest: CourseManifest): LearnerCourseState | undefined {
  return useLiveQuery(async () => {
    const [records, attempts] = await Promise.all([
      db.progress.where('[learnerId+courseId]').equals([learnerId, manifest.id]).toArray(),
      db.attempts.where('[learnerId+courseId]').equals([learnerId, manifest.id]).toArray(),
    ]);
    return { progress: computeCourseProgress(manifest, records, attempts), attempts };
  }, [learnerId, manifest]);
}
