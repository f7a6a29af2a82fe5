// `npm run course -- <command>`: the authoring CLI. Messages are English (authors read them in a
// terminal); errors in course files are printed as `file:line: message`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCourse } from './course/build-course';
import { CourseBuildError } from './course/course-build-error';
import { packCourseFile } from './course/pack-course-file';
import { openPackageFolder, writePackageFolder } from './course/package-folder';
import { publishPackage } from './course/publish-package';
import { readPublisherKey, writeNewPublisherKey } from './course/publisher-key';

const USAGE = `Usage:
  npm run course -- keygen [--key publisher-key.json]
  npm run course -- build <course-folder> [--key publisher-key.json] [--out dist-courses]
  npm run course -- publish <package-folder> --server http://localhost:8080 --user pelatih [--password …]
                   (or LENTERA_PASSWORD in the environment)
  npm run course -- pack-file <package-folder> [--out dist-courses]
                   (one .lentera-kursus file to carry to phones without the internet)`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      key: { type: 'string', default: 'publisher-key.json' },
      out: { type: 'string', default: 'dist-courses' },
      server: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const [command, target] = positionals;
  if (command === 'keygen') {
    const key = await writeNewPublisherKey(values.key);
    console.log(`wrote ${values.key} (keep it secret)\npublic key: ${key.publicKey}`);
    return 0;
  }
  if (command === 'build' && target) {
    const built = await buildCourse(target);
    if (!existsSync(values.key)) {
      await writeNewPublisherKey(values.key);
      console.log(`no key found: created ${values.key}`);
    }
    const outDir = join(values.out, `${built.manifest.id}-${built.manifest.version}`);
    await writePackageFolder(built, await readPublisherKey(values.key), outDir);
    const bytes = built.manifest.files.reduce((sum, f) => sum + f.size, 0);
    console.log(`built ${resolve(outDir)}: ${built.manifest.files.length} files, ${bytes} bytes`);
    return 0;
  }
  if (command === 'pack-file' && target) {
    const written = await packCourseFile(target, values.out);
    console.log(`wrote ${resolve(written.path)}: ${written.bytes} bytes`);
    return 0;
  }
  if (command === 'publish' && target && values.server && values.user) {
    const password = values.password ?? process.env.LENTERA_PASSWORD;
    if (!password) throw new Error('give --password or set LENTERA_PASSWORD');
    const login = await fetch(new URL('/api/auth/login', values.server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: values.user, password }),
    });
    if (!login.ok) throw new Error(`sign-in failed: HTTP ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    const result = await publishPackage(await openPackageFolder(target), { server: values.server, token });
    console.log(
      `published ${result.courseId} ${result.version}: uploaded ${result.uploaded} files (${result.uploadedBytes} bytes)`,
    );
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof CourseBuildError ? err.message : `error: ${(err as Error).message}`);
    process.exit(1);
  },
);
