// @vitest-environment jsdom
// DOMPurify is specified against real DOMs and jsdom; happy-dom parses differently.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown';

const html = (fragment: DocumentFragment) => {
  const div = document.createElement('div');
  div.append(fragment);
  return div.innerHTML;
};
const files: Record<string, { url: string; type: string }> = {
  'media/siklus.svg': { url: '/course-files/aaa', type: 'image/svg+xml' },
  'media/video.mp4': { url: '/course-files/bbb', type: 'video/mp4' },
  'media/suara.mp3': { url: '/course-files/ccc', type: 'audio/mpeg' },
  'media/permendagri.pdf': { url: '/course-files/ddd', type: 'application/pdf' },
  'media/video.vtt': { url: '/course-files/eee', type: 'text/vtt' },
};
const resolveFile = (path: string) => files[path];

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    expect(html(renderMarkdown('# RPJMDes\n\n**enam** tahun'))).toBe(
      '<h1>RPJMDes</h1>\n<p><strong>enam</strong> tahun</p>\n',
    );
  });

  it('removes scripts, event handlers and javascript: links', () => {
    const fragment = renderMarkdown(
      '<script>alert(1)</script><img src="x" onerror="alert(1)">\n\n[klik](javascript:alert%281%29)',
    );
    expect(fragment.querySelector('a')?.textContent).toBe('klik');
    expect(html(fragment)).not.toMatch(/script|onerror|javascript:/);
  });

  it('points course images at their offline URL', () => {
    expect(html(renderMarkdown('![Siklus](media/siklus.svg)', { resolveFile }))).toContain('src="/course-files/aaa"');
  });

  it('turns video and audio files into players', () => {
    const out = html(
      renderMarkdown('![Video APBDes](media/video.mp4)\n\n![Rekaman](media/suara.mp3)', { resolveFile }),
    );
    expect(out).toMatch(
      /<video[^>]*controls[^>]*src="\/course-files\/bbb"|<video[^>]*src="\/course-files\/bbb"[^>]*controls/,
    );
    expect(out).toContain('aria-label="Video APBDes"');
    expect(out).toMatch(/<audio[^>]*src="\/course-files\/ccc"/);
  });

  it('makes a WebVTT link right after a video its default captions track, and drops the link', () => {
    const fragment = renderMarkdown('![Video APBDes](media/video.mp4)\n[Teks video](media/video.vtt)', {
      resolveFile,
      lang: 'id',
      captionsLabel: 'Bahasa Indonesia',
    });
    const track = fragment.querySelector('video > track');
    expect(track?.outerHTML).toBe(
      '<track kind="captions" src="/course-files/eee" srclang="id" label="Bahasa Indonesia" default="">',
    );
    expect(fragment.querySelector('video')?.hasAttribute('playsinline')).toBe(true);
    expect(fragment.querySelector('a')).toBeNull();
  });

  it('shows a placeholder with a download button for a video left off the phone, not a broken player', () => {
    const fragment = renderMarkdown('![Video APBDes](media/video.mp4)\n[Teks video](media/video.vtt)', {
      resolveFile: (path) => (path.endsWith('.mp4') ? { ...files[path]!, absent: true } : files[path]),
      absentVideo: { text: 'Video belum diunduh.', button: (f) => `Unduh video ini (${f.url})` },
    });
    expect(fragment.querySelector('video, img')).toBeNull();
    const box = fragment.querySelector('.lesson__video-absent')!;
    expect(box.getAttribute('aria-label')).toBe('Video APBDes');
    expect(box.textContent).toContain('Video belum diunduh.');
    const button = box.querySelector<HTMLButtonElement>('button[data-download-video]')!;
    expect(button.textContent).toBe('Unduh video ini (/course-files/bbb)');
    expect(button.dataset.downloadVideo).toBe('/course-files/bbb');
  });

  it('leaves a WebVTT link that follows no video as a link', () => {
    const out = html(renderMarkdown('Unduh [teks](media/video.vtt)', { resolveFile }));
    expect(out).toContain('href="/course-files/eee"');
    expect(out).not.toContain('<track');
  });

  it("links a PDF to its offline URL as a file to save and open in the phone's PDF app", () => {
    const fragment = renderMarkdown('[Permendagri](media/permendagri.pdf)', {
      resolveFile: (path) => (files[path] ? { ...files[path], name: 'permendagri.pdf' } : undefined),
      pdfLabel: 'Dokumen PDF',
    });
    const link = fragment.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('/course-files/ddd');
    expect(link.classList.contains('lesson__pdf')).toBe(true);
    expect(link.getAttribute('download')).toBe('permendagri.pdf');
    expect(link.getAttribute('aria-description')).toBe('Dokumen PDF');
    expect(link.hasAttribute('target')).toBe(false);
  });

  it('opens web links in a new tab without giving it this page', () => {
    expect(html(renderMarkdown('[Kemendagri](https://kemendagri.go.id)'))).toContain('rel="noopener noreferrer"');
  });
});
