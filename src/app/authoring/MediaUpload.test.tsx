import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_MEDIA_MAX_BYTES, type Draft } from '../../shared/authoring/authoring-api';
import { MediaUpload } from './MediaUpload';

const DRAFT: Draft = {
  id: 'kursus',
  title: 'Kursus',
  description: '',
  language: 'id',
  updatedAt: '2026-12-01T00:00:00.000Z',
  publishedVersion: null,
  lessons: [],
  media: [],
  quizzes: [],
};

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector)!;
const text = (selector: string) => document.body.querySelector(selector)?.textContent ?? null;
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** Shows the screen, picks `file` and presses "Unggah". */
async function pickAndUpload(file: File, onUploaded = () => {}) {
  render(<MediaUpload token="t" draft={DRAFT} onUploaded={onUploaded} />, document.body);
  const input = $<HTMLInputElement>('#media-file');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await act(() => $<HTMLButtonElement>('button[type="submit"]').click());
}

describe('MediaUpload: the authoring screen sends a lesson file through the resumable upload', () => {
  afterEach(() => {
    render(null, document.body);
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('shows "Mengunggah… n %" while it sends, then the snippet to link the file', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string, init: RequestInit) => {
        if (path === '/api/course-uploads') {
          return json(201, { stored: false, uploadId: 'u1', offset: 0, chunkBytes: 1024 * 1024 });
        }
        if (path.includes('/chunks/')) {
          await held; // the chunk is on its way while the test reads the progress line
          return json(200, { offset: 10 });
        }
        if (path.endsWith('/complete')) return json(201, { hash: 'h', size: 10 });
        const attach = JSON.parse(init.body as string) as { name: string; sha256: string };
        return json(200, { name: attach.name, path: `media/${attach.name}`, type: 'video/mp4', size: 10, hash: 'h' });
      }),
    );
    const onUploaded = vi.fn();
    await pickAndUpload(new File([new Uint8Array(10)], 'Rapat.mp4', { type: 'video/mp4' }), onUploaded);
    await vi.waitFor(() => expect(text('[data-testid="media-progress"]')).toMatch(/Mengunggah… 0 %$/));
    expect($<HTMLButtonElement>('button[type="submit"]').disabled).toBe(true);
    await act(() => release());
    await vi.waitFor(() => expect(text('[role="status"]')).toContain('rapat.mp4 terunggah'));
    expect(text('[role="status"]')).toContain('![rapat.mp4](media/rapat.mp4)');
    expect(onUploaded).toHaveBeenCalledOnce();
  });

  it('says "Unggahan terputus — pilih berkas yang sama untuk melanjutkan" when the link stays down', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    vi.stubGlobal('fetch', fetch);
    await pickAndUpload(new File([new Uint8Array(10)], 'rapat.mp4', { type: 'video/mp4' }));
    // Six retries with a doubling pause (1 s … 32 s), all given up on.
    for (let i = 0; i < 10 && !document.body.querySelector('[role="alert"]'); i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(40_000);
      });
    }
    expect(text('[role="alert"]')).toBe('Unggahan terputus — pilih berkas yang sama untuk melanjutkan.');
    expect(fetch).toHaveBeenCalledTimes(7);
  });

  it('names each refusal: a file that changed on the way, and one over the limit (before any request)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string) =>
        path === '/api/course-uploads'
          ? json(201, { stored: false, uploadId: 'u1', offset: 0, chunkBytes: 1024 * 1024 })
          : path.includes('/chunks/')
            ? json(200, { offset: 10 })
            : json(409, { error: { code: 'upload_hash_mismatch', message: 'discarded' } }),
      ),
    );
    await pickAndUpload(new File([new Uint8Array(10)], 'rapat.mp4', { type: 'video/mp4' }));
    await vi.waitFor(() => expect(text('[role="alert"]')).toMatch(/^Berkas berubah selama diunggah/));

    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(null, document.body);
    const huge = new File([new Uint8Array(1)], 'kuliah.mp4', { type: 'video/mp4' });
    Object.defineProperty(huge, 'size', { value: DRAFT_MEDIA_MAX_BYTES + 1 });
    await pickAndUpload(huge);
    await vi.waitFor(() => expect(text('[role="alert"]')).toMatch(/^Berkas terlalu besar: batasnya 210 MB per berkas/));
    expect(fetch).not.toHaveBeenCalled();
  });
});
