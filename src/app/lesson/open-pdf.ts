import type { CourseManifest } from '../../shared/course/manifest';
import { readCourseBlob } from '../courses/read-course-file';

const OFFLINE_FILE = /\/offline\/files\/([0-9a-f]{64})$/;

/**
 * Hands a lesson's PDF to the phone's own PDF app: a click on a `.lesson__pdf` link saves the
 * file from the phone's storage under its name (a `blob:` URL, so it works with no signal and
 * does not depend on the browser sending a download through the service worker) and the phone
 * offers to open it. Other clicks pass through.
 * @example <div onClick={(e) => openPdf(e, manifest)}>…lesson…</div>
 */
export function openPdf(event: MouseEvent, manifest: CourseManifest): void {
  const link = (event.target as Element | null)?.closest?.('a.lesson__pdf');
  if (!(link instanceof HTMLAnchorElement)) return;
  const hash = OFFLINE_FILE.exec(link.pathname)?.[1];
  const file = hash ? manifest.files.find((f) => f.hash === hash) : undefined;
  if (!file) return;
  event.preventDefault();
  void readCourseBlob(file.hash).then(
    (blob) => {
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
      const save = document.createElement('a');
      save.href = url;
      save.download = file.path.split('/').pop() ?? 'dokumen.pdf';
      document.body.append(save);
      save.click();
      save.remove();
      // The download has its own copy once started; the URL is only needed for that moment.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    (err: unknown) => console.warn('PDF not on this phone', err),
  );
}
