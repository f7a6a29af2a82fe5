import { randomUUID } from 'node:crypto';
import type { TestDevice } from '../tests/server/harness/test-device';

/**
 * One soak round's work for one phone: 0–39 lesson-progress items with random lessons and values,
 * queued in its outbox; their ids are added to `sent`. Shared by the soak (`soak.ts`) and the soak
 * through a hub (`soak-through-hub.ts`), which must generate the same kind of load.
 */
export async function enqueueRandomProgress(
  device: TestDevice,
  learnerId: string,
  course: { courseId: string; lessonIds: string[] },
  random: () => number,
  round: number,
  sent: Set<string>,
): Promise<void> {
  const n = Math.floor(random() * 40);
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    await device.enqueue({
      kind: 'progress',
      id,
      learnerId,
      courseId: course.courseId,
      lessonId: course.lessonIds[Math.floor(random() * course.lessonIds.length)]!,
      completed: random() < 0.5,
      position: Math.round(random() * 100) / 100,
      hlc: `${Date.now()}:${round}:${device.ctx.deviceId}`,
      updatedAt: Date.now(),
    });
    sent.add(id);
  }
}
