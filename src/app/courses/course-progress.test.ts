import { describe, expect, it } from 'vitest';
import { attemptRecord } from '../../../tests/unit/builders/attempt-record';
import type { AttemptRecord, ProgressRecord } from '../../db/learning-records';
import type { CourseManifest, QuizRef } from '../../shared/course/manifest';
import { computeCourseProgress } from './course-progress';

const hash = 'a'.repeat(64);
const quiz = (id: string, role: QuizRef['role']): QuizRef => ({
  id,
  title: id,
  mode: role === 'practice' ? 'latihan' : 'ujian',
  role,
  file: hash,
  questionCount: 5,
});
const manifest: CourseManifest = {
  format: 1,
  id: 'keuangan-desa',
  version: '1.0.0',
  title: 'Pengelolaan Keuangan Desa',
  language: 'id',
  publishedAt: '2026-01-01T00:00:00Z',
  modules: [
    {
      id: 'm1',
      title: 'APBDes',
      lessons: [
        { id: 'l1', title: 'l1', file: hash },
        { id: 'l2', title: 'l2', file: hash },
      ],
      quizzes: [quiz('latihan-1', 'practice')],
    },
    { id: 'm2', title: 'Siskeudes', lessons: [{ id: 'l3', title: 'l3', file: hash }], quizzes: [] },
  ],
  posttest: quiz('post', 'posttest'),
  files: [],
};
const read = (lessonId: string): ProgressRecord => ({
  learnerId: 'x',
  courseId: 'keuangan-desa',
  lessonId,
  completed: true,
  hlc: '1:0:d',
  updatedAt: 1,
});
const attempt = (quizId: string, passed: boolean | undefined, finished = true): AttemptRecord =>
  attemptRecord({
    id: quizId,
    learnerId: 'x',
    courseId: 'keuangan-desa',
    quizId,
    mode: 'ujian',
    gradeStatus: passed === undefined ? 'pending' : 'graded',
    ...(finished && { finishedAt: 2 }),
    ...(passed !== undefined && { passed }),
  });

describe('computeCourseProgress', () => {
  it('counts nothing done for a new learner', () => {
    const p = computeCourseProgress(manifest, [], []);
    expect(p).toMatchObject({ lessonsRead: 0, lessonsTotal: 3, postTestsTotal: 1, complete: false, percent: 0 });
  });

  it('completes a module without a post-test when its lessons are read', () => {
    const p = computeCourseProgress(manifest, [read('l3')], []);
    expect(p.modules.m2).toMatchObject({ complete: true, percent: 100 });
    expect(p.modules.m1).toMatchObject({ complete: false, lessonsRead: 0 });
  });

  it('is not complete with all lessons read while the post-test waits for its grade', () => {
    const p = computeCourseProgress(manifest, ['l1', 'l2', 'l3'].map(read), [attempt('post', undefined)]);
    expect(p).toMatchObject({ lessonsRead: 3, postTestsPassed: 0, complete: false, percent: 75 });
  });

  it('is not complete after a failed post-test, and complete after a passed one', () => {
    const lessons = ['l1', 'l2', 'l3'].map(read);
    expect(computeCourseProgress(manifest, lessons, [attempt('post', false)]).complete).toBe(false);
    expect(computeCourseProgress(manifest, lessons, [attempt('post', false), attempt('post', true)])).toMatchObject({
      complete: true,
      percent: 100,
    });
  });

  it('does not complete the course on a passed post-test alone', () => {
    expect(computeCourseProgress(manifest, [read('l1')], [attempt('post', true)]).complete).toBe(false);
  });

  it('ignores lessons marked unread and unfinished attempts', () => {
    const unread = { ...read('l1'), completed: false };
    expect(computeCourseProgress(manifest, [unread], [attempt('post', true, false)])).toMatchObject({
      lessonsRead: 0,
      postTestsPassed: 0,
    });
  });
});
