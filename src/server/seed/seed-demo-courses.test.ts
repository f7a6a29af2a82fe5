import { expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { listCatalog } from '../courses/course-catalog';
import { getQuizDocument } from '../courses/get-quiz-document';
import { DEMO_COURSES, seedDemoCourses } from './seed-demo-courses';

describeEachStore('demo course seeding', (kind) => {
  const t = useTestApp(kind);

  it('publishes both demo courses on first start and nothing on the next', async () => {
    expect(await seedDemoCourses(t.store, null)).toEqual(DEMO_COURSES.map((id) => `${id} 1.0.0`));
    expect(await seedDemoCourses(t.store, null)).toEqual([]);
    const catalog = await listCatalog(t.store);
    expect(catalog.map((c) => c.id).sort()).toEqual([...DEMO_COURSES].sort());
    expect(catalog.every((c) => c.sizeBytes > 50_000 && !c.withdrawn)).toBe(true);
    // The size "tanpa video" the catalogue shows: the manifest's video files, summed by the query.
    const { rows } = await t.store.query<{
      course_id: string;
      manifest: { files: Array<{ size: number; type: string }> };
    }>('SELECT course_id, manifest FROM course_versions');
    for (const r of rows) {
      const video = r.manifest.files.filter((f) => f.type.startsWith('video/')).reduce((sum, f) => sum + f.size, 0);
      expect(video).toBeGreaterThan(0);
      expect(catalog.find((c) => c.id === r.course_id)?.videoBytes).toBe(video);
    }
    const pretest = await getQuizDocument(t.store, 'pengelolaan-keuangan-desa', '1.0.0', 'pretest');
    expect(pretest?.doc.questions.length).toBeGreaterThanOrEqual(10);
    expect(pretest?.doc.keys).toBeDefined();
  });

  it('keeps the seeded catalog behind sign-in', async () => {
    const res = await t.app.request('/api/courses/perencanaan-pembangunan-desa/versions/latest');
    expect(res.status).toBe(401); // the catalog is for signed-in users
  });
});
