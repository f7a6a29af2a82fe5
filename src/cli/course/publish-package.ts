import type { ApiError } from '../../shared/api-error';
import type { PackageOnDisk } from './package-folder';

export interface PublishResult {
  courseId: string;
  version: string;
  uploaded: number;
  uploadedBytes: number;
}

/**
 * Publishes a package to a Lentera server as an author: asks which files the server lacks, uploads
 * only those, then publishes. A second run of the same package uploads nothing.
 * @example await publishPackage(pkg, { server: 'http://localhost:8080', token })
 */
export async function publishPackage(
  pkg: PackageOnDisk,
  options: { server: string; token: string; fetch?: typeof fetch },
): Promise<PublishResult> {
  const doFetch = options.fetch ?? fetch;
  const auth = { Authorization: `Bearer ${options.token}` };
  const body = JSON.stringify({ envelope: pkg.envelope, quizzes: pkg.serverQuizzes });
  const publish = () =>
    doFetch(new URL('/api/courses', options.server), {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body,
    });
  let res = await publish();
  let uploaded = 0;
  let uploadedBytes = 0;
  if (res.status === 409) {
    const error = ((await res.json()) as ApiError).error;
    if (error.code !== 'missing_files') throw new Error(`${error.code}: ${error.message}`);
    for (const hash of error.details as string[]) {
      const bytes = pkg.files.get(hash);
      if (!bytes) throw new Error(`the package folder lacks files/${hash}`);
      const put = await doFetch(new URL(`/api/course-files/${hash}`, options.server), {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/octet-stream' },
        body: bytes,
      });
      if (!put.ok) throw new Error(`upload of ${hash} failed: ${await errorText(put)}`);
      uploaded++;
      uploadedBytes += bytes.length;
    }
    res = await publish();
  }
  if (!res.ok) throw new Error(`publish failed: ${await errorText(res)}`);
  const done = (await res.json()) as { courseId: string; version: string };
  return { ...done, uploaded, uploadedBytes };
}

async function errorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as ApiError | null;
  return body ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
}
