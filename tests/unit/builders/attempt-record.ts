import type { AttemptRecord } from '../../../src/db/learning-records';

/** A quiz attempt as the phone stores it: an unfinished latihan unless `fields` say otherwise. */
export function attemptRecord(fields: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    id: '0190a3c2-7d1e-7cc0-9f00-0000000000a1',
    learnerId: 'L',
    courseId: 'c',
    courseVersion: '1.0.0',
    quizId: 'q',
    mode: 'latihan',
    startedAt: 1,
    currentIndex: 0,
    gradeStatus: 'local',
    ...fields,
  };
}
