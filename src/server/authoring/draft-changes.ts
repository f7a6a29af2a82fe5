import type { DraftChanges } from '../../shared/authoring/authoring-api';
import type { CourseManifest } from '../../shared/course/manifest';

/**
 * What changes for a phone holding `previous` when it updates to `next`: paths added, changed and
 * removed, and the files (by hash: a moved file is not fetched again) and bytes it must download.
 */
export function draftChanges(
  previous: CourseManifest | null,
  next: CourseManifest,
  manifestBytes: number,
): DraftChanges {
  const before = new Map((previous?.files ?? []).map((f) => [f.path, f.hash]));
  const after = new Map(next.files.map((f) => [f.path, f.hash]));
  const held = new Set(before.values());
  const fetched = next.files.filter((f) => !held.has(f.hash));
  return {
    version: next.version,
    previousVersion: previous?.version ?? null,
    added: [...after.keys()].filter((p) => !before.has(p)).sort(),
    changed: [...after]
      .filter(([p, h]) => before.has(p) && before.get(p) !== h)
      .map(([p]) => p)
      .sort(),
    removed: [...before.keys()].filter((p) => !after.has(p)).sort(),
    downloadFiles: new Set(fetched.map((f) => f.hash)).size,
    downloadBytes: [...new Map(fetched.map((f) => [f.hash, f.size])).values()].reduce((a, b) => a + b, 0),
    manifestBytes,
  };
}
