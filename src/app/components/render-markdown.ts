// Lazy chunk (lesson and quiz screens): marked's lexer is too heavy for the first load.
import { markdownToFragment } from './markdown-tokens-to-dom';

/** A course file a lesson may link: resolved from its package path to a URL the phone can open offline. */
export interface ResolvedFile {
  url: string;
  type: string;
  /** File name to save it under (a PDF handed to the phone's PDF app), e.g. `ringkasan-apbdes.pdf`. */
  name?: string;
  /** Listed by the course but left off this phone (downloaded "tanpa video"). */
  absent?: boolean;
  /** Size in bytes, for the download button of an absent video. */
  size?: number;
}

export interface RenderOptions {
  resolveFile?: (path: string) => ResolvedFile | undefined;
  /** Text for the link shown instead of an embedded PDF. */
  pdfLabel?: string;
  /** Label of a video's caption track (its language is the lesson's). */
  captionsLabel?: string;
  /** Language of the lesson, for the caption track's `srclang`. */
  lang?: string;
  /** What stands in for a video that is not on the phone: a note and a download button. */
  absentVideo?: { text: string; button: (file: ResolvedFile) => string };
}

/**
 * Turns lesson Markdown into a DOM fragment. Course files referenced by their package
 * path become offline URLs; `![..](x.mp4)` becomes a video player, `.mp3` an audio player. A link
 * to a WebVTT file right after a video (same paragraph) becomes the video's captions, on by default.
 * The fragment is built element by element from marked's tokens, never from an HTML string
 * (markdown-tokens-to-dom.ts): raw HTML in a lesson shows as text, and a link or image keeps only a
 * URL of an allowed scheme. That is safer than HTML plus a sanitiser, which has to guess how a
 * browser will re-parse what it let through (mutation XSS); here nothing is parsed as HTML at all.
 * The URLs below are put in after that, and only URLs we made ourselves.
 * @example container.replaceChildren(renderMarkdown(text, { resolveFile }));
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): DocumentFragment {
  const fragment = markdownToFragment(markdown);
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    const file = options.resolveFile?.(img.getAttribute('src') ?? '');
    if (!file) continue;
    if (file.absent && file.type.startsWith('video/')) {
      img.replaceWith(absentVideo(img.getAttribute('alt') ?? '', file, options));
    } else if (file.type.startsWith('video/') || file.type.startsWith('audio/')) {
      const player = document.createElement(file.type.startsWith('video/') ? 'video' : 'audio');
      player.controls = true;
      player.preload = 'metadata';
      player.src = file.url;
      const label = img.getAttribute('alt');
      if (label) player.setAttribute('aria-label', label);
      if (player instanceof HTMLVideoElement) {
        player.playsInline = true; // inside the lesson, not full screen, on a phone
        addCaptions(player, img, options);
      }
      img.replaceWith(player);
    } else {
      img.src = file.url;
      img.loading = 'lazy';
    }
  }
  for (const link of Array.from(fragment.querySelectorAll('a'))) {
    const href = link.getAttribute('href') ?? '';
    const file = options.resolveFile?.(href);
    if (file) {
      link.href = file.url;
      if (file.type === 'application/pdf') {
        // Saved and opened in the phone's own PDF app (the lesson screen hands it over from the
        // phone's storage, so it works offline): see docs/learner-app.md for why not in the app.
        link.classList.add('lesson__pdf');
        link.download = file.name ?? '';
        if (options.pdfLabel) link.setAttribute('aria-description', options.pdfLabel);
      }
    } else if (/^https?:/i.test(href)) {
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    }
  }
  return fragment;
}

/**
 * Moves the WebVTT links that follow a video in its paragraph into the player as caption tracks.
 * The first one is the default, so captions show without a tap (a muted phone in a village office).
 */
function addCaptions(video: HTMLVideoElement, img: HTMLImageElement, options: RenderOptions): void {
  const links = Array.from(img.parentElement?.querySelectorAll('a') ?? []);
  for (const link of links) {
    const file = options.resolveFile?.(link.getAttribute('href') ?? '');
    if (file?.type !== 'text/vtt') continue;
    const track = document.createElement('track');
    track.kind = 'captions';
    track.src = file.url;
    track.srclang = options.lang ?? 'id';
    track.label = options.captionsLabel ?? (link.textContent || 'Teks');
    if (!video.querySelector('track')) track.default = true;
    video.append(track);
    // The text between the video and its captions link (a line break) goes with the link.
    if (link.previousSibling?.nodeType === Node.TEXT_NODE && !link.previousSibling.textContent?.trim())
      link.previousSibling.remove();
    link.remove();
  }
}

/**
 * A clear placeholder instead of a broken player: the video's title, why it is missing, and a
 * button (`data-download-video` = the video's offline URL) the lesson screen answers by
 * downloading that video.
 */
function absentVideo(title: string, file: ResolvedFile, options: RenderOptions): HTMLElement {
  const box = document.createElement('div');
  box.className = 'lesson__video-absent';
  box.setAttribute('role', 'group');
  if (title) box.setAttribute('aria-label', title);
  const heading = document.createElement('p');
  heading.className = 'lesson__video-title';
  heading.textContent = `🎬 ${title}`;
  const note = document.createElement('p');
  note.textContent = options.absentVideo?.text ?? '';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button';
  button.dataset.downloadVideo = file.url;
  button.textContent = options.absentVideo?.button(file) ?? '';
  box.append(heading, note, button);
  return box;
}
