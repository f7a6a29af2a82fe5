import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import { db } from '../../db/database';
import { saveDraft } from '../../db/save-draft';

/**
 * Where a learner is in a lesson on this phone: how far down the page, and where each of its
 * players stands. Kept in `drafts` (strict durability), so a killed app reopens the lesson there.
 * It is this phone's own place, not progress: it does not go to the server.
 */
export interface LessonPlace {
  /** Scroll offset as a fraction of the scrollable height, 0..1. */
  scroll: number;
  /** Playback time in seconds, by the player's `src` (the file's offline URL). */
  media: Record<string, number>;
}

/** Draft key of a learner's place in a lesson. */
export function lessonPlaceKey(learnerId: string, courseId: string, lessonId: string): string {
  return `lessonPlace:${learnerId}:${courseId}:${lessonId}`;
}

/** Reads a kept place; a missing or damaged draft is the top of the lesson. */
export async function readLessonPlace(key: string): Promise<LessonPlace> {
  const draft = await db.drafts.get(key);
  try {
    const place = JSON.parse(draft?.value ?? '') as Partial<LessonPlace>;
    return {
      scroll: typeof place.scroll === 'number' ? Math.min(1, Math.max(0, place.scroll)) : 0,
      media: place.media && typeof place.media === 'object' ? place.media : {},
    };
  } catch {
    return { scroll: 0, media: {} };
  }
}

/** While playing, the time is written at most this often; pause, seek and leaving write at once. */
const PLAYING_SAVE_MS = 2000;
/** A player this close to its end starts again from the beginning next time. */
const END_MARGIN_SECONDS = 3;

/**
 * Restores the learner's scroll position and playback times in the lesson rendered inside
 * `container`, and keeps them as they change. `rendered` names what is on screen (undefined while
 * loading): when it changes (a video arrived and replaced its placeholder) the players are taken up
 * again. Captions of every video are shown (their track is marked default; this makes sure on
 * browsers that wait for a tap).
 * @example useLessonPlace(ref, lessonPlaceKey(learner.id, course.id, lesson.id), text.value && `${absent.size}`);
 */
export function useLessonPlace(container: RefObject<HTMLElement>, key: string, rendered: string | undefined): void {
  useEffect(() => {
    const root = container.current;
    if (rendered === undefined || !root) return;
    const players = Array.from(root.querySelectorAll<HTMLMediaElement>('video, audio'));
    for (const video of root.querySelectorAll('video')) {
      const captions = Array.from(video.textTracks).find((t) => t.kind === 'captions' || t.kind === 'subtitles');
      if (captions) captions.mode = 'showing';
    }
    let place: LessonPlace = { scroll: 0, media: {} };
    let restored = false;
    let lastSave = 0;
    const save = () => {
      if (!restored) return; // never overwrite the kept place before it was applied
      lastSave = Date.now();
      void saveDraft(db, key, JSON.stringify(place));
    };
    const scrollable = () => document.documentElement.scrollHeight - window.innerHeight;
    let scrollTimer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      const max = scrollable();
      place = { ...place, scroll: max > 0 ? Math.min(1, window.scrollY / max) : 0 };
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(save, 400);
    };
    const track = (player: HTMLMediaElement, force: boolean) => {
      const src = player.getAttribute('src');
      if (!src || player.seeking) return;
      const nearEnd = Number.isFinite(player.duration) && player.currentTime > player.duration - END_MARGIN_SECONDS;
      place = { ...place, media: { ...place.media, [src]: nearEnd ? 0 : player.currentTime } };
      if (force || Date.now() - lastSave >= PLAYING_SAVE_MS) save();
    };
    const listeners = players.map((player) => {
      const onTime = () => track(player, false);
      const onStop = () => track(player, true);
      player.addEventListener('timeupdate', onTime);
      player.addEventListener('pause', onStop);
      player.addEventListener('seeked', onStop);
      return () => {
        player.removeEventListener('timeupdate', onTime);
        player.removeEventListener('pause', onStop);
        player.removeEventListener('seeked', onStop);
      };
    });
    const onHide = () => {
      if (document.visibilityState === 'hidden') save();
    };
    let cancelled = false;
    void readLessonPlace(key).then((kept) => {
      if (cancelled) return;
      place = kept;
      restored = true;
      if (kept.scroll > 0) window.scrollTo(0, kept.scroll * scrollable());
      for (const player of players) {
        const time = kept.media[player.getAttribute('src') ?? ''];
        if (!time) continue;
        const seek = () => {
          if (!Number.isFinite(player.duration) || time < player.duration - END_MARGIN_SECONDS)
            player.currentTime = time;
        };
        if (player.readyState >= HTMLMediaElement.HAVE_METADATA) seek();
        else player.addEventListener('loadedmetadata', seek, { once: true });
      }
    });
    window.addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('visibilitychange', onHide);
    return () => {
      cancelled = true;
      clearTimeout(scrollTimer);
      window.removeEventListener('scroll', onScroll);
      document.removeEventListener('visibilitychange', onHide);
      listeners.forEach((remove) => remove());
      save(); // leaving the lesson inside the app
    };
  }, [container, key, rendered]);
}
