// @vitest-environment node
import { beforeAll, expect, it } from 'vitest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { moduleVideos } from './module-videos';

let pkg: Awaited<ReturnType<typeof demoPackage>>;
beforeAll(async () => {
  pkg = await demoPackage(await generatePublisherKey());
});
const read = async (hash: string) => new TextDecoder().decode(pkg.files.get(hash)!);

it("finds the videos a module's lessons show, and none in a module without video", async () => {
  const { manifest } = pkg.built;
  const videos = manifest.files.filter((f) => f.type.startsWith('video/'));
  expect(videos.length).toBeGreaterThan(0);
  const found = await Promise.all(manifest.modules.map((m) => moduleVideos(manifest, m, read)));
  // Every video of the course belongs to exactly one module here, and no other file is taken for one.
  expect(
    found
      .flat()
      .map((f) => f.hash)
      .sort(),
  ).toEqual(videos.map((f) => f.hash).sort());
  expect(found.some((list) => list.length === 0)).toBe(true);
});

it('reads Markdown images and inline HTML sources, not web links', async () => {
  const { manifest } = pkg.built;
  const video = manifest.files.find((f) => f.type.startsWith('video/'))!;
  const module = manifest.modules[0]!;
  const lessonPath = manifest.files.find((f) => f.hash === module.lessons[0]!.file)!.path;
  const rel = `${'../'.repeat(lessonPath.split('/').length - 1)}${video.path}`;
  const texts = [`<video src="${rel}"></video>`, `![v](${rel})`, '[situs](https://example.org/a.mp4)'];
  for (const [i, text] of texts.entries()) {
    const found = await moduleVideos(manifest, { ...module, lessons: [module.lessons[0]!] }, async () => text);
    expect(found.map((f) => f.hash)).toEqual(i < 2 ? [video.hash] : []);
  }
});
