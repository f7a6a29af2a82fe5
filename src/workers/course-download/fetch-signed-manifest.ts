import * as v from 'valibot';
import type { CourseManifest } from '../../shared/course/manifest';
import { ManifestError, verifySignedManifest } from '../../shared/course/manifest-signature';
import { ManifestDeltaSchema, type ManifestDelta } from '../../shared/course/manifest-delta';
import { SignedManifestSchema, type SignedManifest } from '../../shared/course/signed-manifest';
import { localNetworkInit } from '../../shared/hub/local-network-init';
import { DownloadProblem, problemForStatus } from './download-problem';

/** Fetches a signed manifest (`latest` or a version) from the server, or from the office hub at `baseUrl`. */
export async function fetchSignedManifest(
  courseId: string,
  version: string,
  token: string,
  baseUrl = '',
): Promise<SignedManifest> {
  let res: Response;
  try {
    const url = `${baseUrl}/api/courses/${encodeURIComponent(courseId)}/versions/${encodeURIComponent(version)}`;
    res = await fetch(url, localNetworkInit(url, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' }));
  } catch {
    throw new DownloadProblem('offline');
  }
  if (!res.ok) throw problemForStatus(res.status);
  const parsed = v.safeParse(SignedManifestSchema, await res.json().catch(() => null));
  if (!parsed.success) throw new DownloadProblem('malformed_manifest');
  return parsed.output;
}

/**
 * Fetches the update of a course from the installed version `from` to the latest
 * (`getCourseManifestDelta`): a delta to rebuild the signed text with, or the whole envelope.
 * Throws `DownloadProblem` as `fetchSignedManifest` does (404 from a server or hub without the route).
 */
export async function fetchManifestDelta(
  courseId: string,
  from: string,
  token: string,
  baseUrl = '',
): Promise<ManifestDelta> {
  let res: Response;
  try {
    const url = `${baseUrl}/api/courses/${encodeURIComponent(courseId)}/versions/latest/delta?from=${encodeURIComponent(from)}`;
    res = await fetch(url, localNetworkInit(url, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' }));
  } catch {
    throw new DownloadProblem('offline');
  }
  if (!res.ok) throw problemForStatus(res.status);
  const parsed = v.safeParse(ManifestDeltaSchema, await res.json().catch(() => null));
  if (!parsed.success) throw new DownloadProblem('malformed_manifest');
  return parsed.output;
}

/**
 * Verifies the envelope's signature and shape; when a version is installed, the update must be
 * signed by the same publisher key (a different key is treated as a bad signature).
 */
export async function verifyEnvelope(envelope: SignedManifest, pinnedKey: string | undefined): Promise<CourseManifest> {
  if (pinnedKey && envelope.publicKey !== pinnedKey) throw new DownloadProblem('bad_signature');
  try {
    return await verifySignedManifest(envelope);
  } catch (err) {
    if (err instanceof ManifestError) throw new DownloadProblem(err.reason);
    throw err;
  }
}
