import { fileURLToPath } from 'node:url';
import { buildCourse } from '../../cli/course/build-course';
import {
  generatePublisherKey,
  importPublisherKey,
  publisherKeyJson,
  type PublisherKey,
} from '../../cli/course/publisher-key';
import { signManifest } from '../../shared/course/manifest-signature';
import { CourseProblem } from '../courses/course-problem';
import { publishCourse } from '../courses/publish-course';
import type { Store } from '../store/store';

export const DEMO_COURSES = ['perencanaan-pembangunan-desa', 'pengelolaan-keuangan-desa'];
const CONTENT_DIR = fileURLToPath(new URL('../../../content/', import.meta.url));

/**
 * Builds and publishes the two demo courses from `content/` unless the store already has them.
 * They are signed with a demo publisher key kept in `meta`, so a later start can publish updates.
 * @example await seedDemoCourses(store, pelatihId)
 */
export async function seedDemoCourses(store: Store, publisherId: string | null): Promise<string[]> {
  const seeded: string[] = [];
  for (const id of DEMO_COURSES) {
    const exists = await store.query(`SELECT 1 FROM courses WHERE id = $1`, [id]);
    if (exists.rows.length > 0) continue;
    const built = await buildCourse(CONTENT_DIR + id);
    const key = await demoKey(store);
    const envelope = await signManifest(built.manifest, key.privateKey, key.publicKey);
    for (const [hash, file] of built.files) {
      await store.query(
        `INSERT INTO course_files (hash, size, type, data) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING`,
        [hash, file.bytes.length, file.type, Buffer.from(file.bytes)],
      );
    }
    try {
      await publishCourse(store, { envelope, quizzes: built.serverQuizzes }, publisherId);
    } catch (err) {
      // Another server process seeded it between our check and our insert: that is fine.
      if (err instanceof CourseProblem && err.code === 'version_exists') continue;
      throw err;
    }
    seeded.push(`${id} ${built.manifest.version}`);
  }
  return seeded;
}

async function demoKey(store: Store): Promise<PublisherKey> {
  const fresh = await generatePublisherKey();
  // Two servers starting at once keep one key: the first insert wins and both read it back.
  await store.query(`INSERT INTO meta (key, value) VALUES ('demo_publisher_key', $1) ON CONFLICT (key) DO NOTHING`, [
    publisherKeyJson(fresh),
  ]);
  const { rows } = await store.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'demo_publisher_key'`);
  return importPublisherKey(rows[0]!.value);
}
