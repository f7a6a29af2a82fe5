import { signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { useEffect } from 'preact/hooks';
import { db } from '../../db/database';
import { readInstalledCourse, type CourseOnPhone } from './read-installed-course';
import { useLiveQuery } from '../util/use-live-query';

export type { CourseOnPhone } from './read-installed-course';

const readInstalledCourses = async () =>
  (await db.courses.toArray()).map(readInstalledCourse).filter((c): c is CourseOnPhone => c !== null);

const installed = signal<{ value: CourseOnPhone[] } | { error: unknown } | undefined>(undefined);
let watching: Promise<void> | undefined;

const sameCourses = (a: CourseOnPhone[], b: CourseOnPhone[]) =>
  a.length === b.length &&
  a.every((c, i) => c.id === b[i]?.id && c.version === b[i]?.version && c.absent.length === b[i]?.absent.length);

/** Keeps the previous list when nothing changed: new manifest objects would make every course card re-read its progress. */
function show(value: CourseOnPhone[]): void {
  const current = installed.value;
  if (!current || 'error' in current || !sameCourses(current.value, value)) installed.value = { value };
}

/**
 * Starts the one app-wide watch of the installed courses (once) and resolves at its first answer.
 * main.tsx awaits it beside the active profile, so the home screen's first render already lists the
 * courses instead of mounting empty and reading the database a second time after it.
 */
export function watchInstalledCourses(): Promise<void> {
  return (watching ??= new Promise<void>((resolve) => {
    liveQuery(readInstalledCourses).subscribe({
      next: (value) => {
        show(value);
        resolve();
      },
      error: (error: unknown) => {
        installed.value = { error };
        // A later screen retries with a fresh watch instead of showing this error for good.
        watching = undefined;
        resolve();
      },
    });
  }));
}

/** Every course installed on this phone (they are shared by the profiles; progress is not). */
export function useInstalledCourses(): CourseOnPhone[] | undefined {
  // A fresh read per screen as well, in case a change made elsewhere (the download worker) was not
  // broadcast to the watch.
  useEffect(() => {
    readInstalledCourses().then(show, () => undefined);
  }, []);
  const current = installed.value;
  if (!current || 'error' in current) void watchInstalledCourses();
  if (current && 'error' in current) throw current.error;
  return current?.value;
}

/** One installed course, `null` when it is not on this phone (or unreadable). */
export function useCourse(courseId: string): CourseOnPhone | null | undefined {
  return useLiveQuery(async () => {
    const course = await db.courses.get(courseId);
    return course ? readInstalledCourse(course) : null;
  }, [courseId]);
}
