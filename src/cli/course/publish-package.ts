import { join } from 'node:path';
import type { ApiError } from '../../shared/api-error';
import { parseManifestText } from '../../shared/course/manifest-signature';
import type { PackageFolder, PackageOnDisk } from './package-folder';
import { bytesSource, diskSource, uploadCourseFile, type UploadOptions } from './upload-course-file';

export interface PublishResult {
  courseId: string;
  version: string;
  uploaded: number;
  uploadedBytes: number;
}

/**
 * Publishes a package to a Lentera server as an author: asks which files the server lacks, uploads
 * only those through the resumable upload (a cut link resumes where it broke), then publishes.
 * A second run of the same package uploads nothing. A `PackageFolder` is read from disk chunk by
 * chunk, so a file of any size publishes without being held in memory.
 * @example await publishPackage(await openPackageFolder(dir), { server: 'http://localhost:8080', token })
 */
export async function publishPackage(
  pkg: PackageOnDisk | PackageFolder,
  options: UploadOptions,
): Promise<PublishResult> {
  const doFetch = options.fetch ?? fetch;
  const auth = { Authorization: `Bearer ${options.token}` };
  const body = JSON.stringify({ envelope: pkg.envelope, quizzes: pkg.serverQuizzes });
  const publish = () =>
    withRetries(options, () =>
      doFetch(new URL('/api/courses', options.server), {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body,
      }),
    );
  let res = await publish();
  let uploaded = 0;
  let uploadedBytes = 0;
  if (res.status === 409) {
    const error = ((await res.json()) as ApiError).error;
    if (error.code !== 'missing_files') throw new Error(`${error.code}: ${error.message}`);
    const entries = new Map(parseManifestText(pkg.envelope.manifest).files.map((f) => [f.hash, f]));
    for (const hash of error.details as string[]) {
      const entry = entries.get(hash);
      if (!entry) throw new Error(`the server asked for ${hash}, which the manifest does not list`);
      const source = 'dir' in pkg ? diskSource(join(pkg.dir, 'files', hash)) : memorySource(pkg, hash);
      const sent = await uploadCourseFile({ hash, size: entry.size, type: entry.type, source }, options);
      uploaded++;
      uploadedBytes += sent.sentBytes;
    }
    res = await publish();
  }
  if (!res.ok) throw new Error(`publish failed: ${await errorText(res)}`);
  const done = (await res.json()) as { courseId: string; version: string };
  return { ...done, uploaded, uploadedBytes };
}

function memorySource(pkg: PackageOnDisk, hash: string) {
  const bytes = pkg.files.get(hash);
  if (!bytes) throw new Error(`the package lacks files/${hash}`);
  return bytesSource(bytes);
}

/** Publishing is idempotent (the same signature answers 200), so a cut link or a 5xx is simply asked again. */
async function withRetries(options: UploadOptions, send: () => Promise<Response>): Promise<Response> {
  const retries = options.retries ?? 8;
  for (let failures = 0; ; failures++) {
    const res = await send().catch((err: unknown) => (failures < retries ? null : Promise.reject(err)));
    if (res && (res.status < 500 || failures >= retries)) return res;
    await new Promise((r) => setTimeout(r, (options.retryDelayMs ?? 500) * 2 ** failures));
  }
}

async function errorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as ApiError | null;
  return body ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
}
