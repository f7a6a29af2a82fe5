import { ClientGone } from './client-gone';
import type { Account } from '../../shared/auth-protocol';
import type { PushItemResult, RejectReason } from '../../shared/sync/protocol';
import type { AnswerItem, AttemptItem, ProgressItem, SyncItem } from '../../shared/sync/sync-item';
import type { Queryable, Store } from '../store/store';
import { issueCertificates } from '../certificates/issue-certificates';
import { checkPushItem } from './check-push-item';
import { canonicalJson } from './canonical-json';
import { contentHash, hashOfCanonical } from './content-hash';
import { courseLessonsCache } from './course-lessons-cache';
import { gradeAttempts, gradeOf, type Grade } from './grade-attempts';
import { mergeLessonProgress } from './merge-lesson-progress';
import { insertAttempts } from './insert-attempts';
import { insertSyncItemRows, syncItemRowsJson } from './insert-sync-items';
import { quizCache } from './quiz-cache';
import { readStoredHashes } from './read-stored-hashes';

interface Candidate {
  index: number;
  item: SyncItem;
  hlc?: string;
}

/** A candidate to store, with its canonical JSON (its row's `item`) and that text's hash. */
interface Fresh extends Candidate {
  hash: string;
  text: string;
}

/**
 * Stores one pushed batch in ONE transaction and answers per item: accepted, duplicate (same id,
 * same content), conflict (same id, other content; the stored row is kept) or rejected(reason).
 * Nothing is answered before the commit, so an `accepted` is never lost afterwards.
 */
export async function storePushBatch(
  store: Store,
  account: Account,
  deviceId: string,
  rawItems: unknown[],
  /** The request's signal: a push whose phone has hung up by the time its turn comes is not stored (`ClientGone`). */
  signal?: AbortSignal,
): Promise<PushItemResult[]> {
  const results: PushItemResult[] = [];
  const candidates: Candidate[] = [];
  const { replayed, stored } = await findReplays(store, rawItems, account);
  rawItems.forEach((raw, index) => {
    const id = replayed.get(index);
    if (id !== undefined) {
      results[index] = { index, id, status: 'duplicate' };
      return;
    }
    const checked = checkPushItem(raw, index, account);
    if (!checked.ok) results[index] = checked.result;
    else if (checked.hlc) candidates.push({ index, item: checked.item, hlc: checked.hlc });
    else candidates.push({ index, item: checked.item });
  });

  if (candidates.length === 0) {
    // Nothing to store (a replay, or every item rejected): no lock, no transaction, only the
    // device's last sync, whose upsert is atomic on its own.
    if (signal?.aborted) throw new ClientGone();
    await recordDeviceSync(store, deviceId, account.id, 0);
    return results;
  }

  await store.transaction(async (tx) => {
    if (signal?.aborted) throw new ClientGone();
    // Serialises pushes of one learner (their devices, tabs, retries): no unique-key races, and
    // change_seq values commit in order, which is what makes the pull checkpoint safe.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [account.id]);
    const findQuiz = quizCache(tx);
    const findLessons = courseLessonsCache(tx);
    // `stored` is the lookup before validation, read outside this transaction: an id it found is
    // stored for good (stored items never change), so it needs no second read. An id it did not find
    // may have been stored since by a concurrent push; the INSERT below skips such a row
    // (ON CONFLICT DO NOTHING) and it is looked up then, after the lock, which is what keeps this race-safe.
    const fresh: Fresh[] = [];
    // A repeat of an id this batch itself accepted is answered against that first copy; should the
    // INSERT skip the first copy, the repeat is answered again below, against what is stored.
    const repeats: Array<{ index: number; id: string; hash: string }> = [];
    const inBatch = new Set<string>();
    for (const c of candidates) {
      const { item, index } = c;
      const { id } = item;
      // The canonical text is made once: hashed here, and stored as the row's item (syncItemRowsJson).
      const text = canonicalJson(item);
      const hash = hashOfCanonical(text);
      const prior = stored.get(id);
      if (prior !== undefined) {
        results[index] = { index, id, status: prior === hash ? 'duplicate' : 'conflict' };
        if (inBatch.has(id)) repeats.push({ index, id, hash });
        continue;
      }
      // Only work on published content counts: an unknown course or lesson would otherwise be
      // stored and inflate the reports (500 made-up lessons per push).
      let refusal: [RejectReason, string] | null = null;
      if (item.kind === 'progress') {
        const lessons = await findLessons(item.courseId);
        if (!lessons) refusal = ['unknown_course', `No course ${item.courseId}`];
        else if (!lessons.has(item.lessonId))
          refusal = [
            'unknown_lesson',
            `No lesson ${item.lessonId} in any published version of course ${item.courseId}`,
          ];
      } else {
        // A stored quiz belongs to a published version of its course, so a found quiz proves the
        // course too: the course's lesson list (a query per batch) is read only to tell an unknown
        // course from an unknown quiz of a real one.
        const quiz = await findQuiz(item.courseId, item.courseVersion, item.quizId);
        if (!quiz) {
          refusal = !(await findLessons(item.courseId))
            ? ['unknown_course', `No course ${item.courseId}`]
            : ['unknown_quiz', `No quiz ${item.quizId} in course ${item.courseId} version ${item.courseVersion}`];
        } else if (item.kind === 'attempt' && quiz.doc.mode !== item.mode)
          refusal = ['mode_mismatch', `Quiz ${item.quizId} is ${quiz.doc.mode}, not ${item.mode}`];
      }
      if (refusal) {
        results[index] = { index, id, status: 'rejected', reason: refusal[0], detail: refusal[1] };
        continue;
      }
      stored.set(id, hash); // the same id twice in one batch: the second is a duplicate or conflict
      inBatch.add(id);
      fresh.push(c.hlc === undefined ? { index, item, hash, text } : { index, item, hlc: c.hlc, hash, text });
      results[index] = { index, id, status: 'accepted' };
    }
    const inserted = await insertItems(tx, fresh, deviceId);
    const kept = fresh.filter((c) => inserted.has(c.item.id));
    const skipped = fresh.filter((c) => !inserted.has(c.item.id));
    // Stored meanwhile (a concurrent push of the same items, or another learner's row): its stored
    // hash tells a duplicate from a conflict, exactly as if the lookup had found it first.
    const since = await readStoredHashes(tx, [...new Set(skipped.map((c) => c.item.id))]);
    for (const c of [...skipped.map((k) => ({ index: k.index, id: k.item.id, hash: k.hash })), ...repeats]) {
      if (inserted.has(c.id)) continue; // a repeat of a copy that was stored keeps its answer
      results[c.index] = { index: c.index, id: c.id, status: since.get(c.id) === c.hash ? 'duplicate' : 'conflict' };
    }
    const attempts: Array<{ item: AttemptItem; role: string | null; grade: Grade | null }> = [];
    const progress: Array<{ item: ProgressItem; hlc: string }> = [];
    const batchAnswers = answersByAttempt(kept.map((c) => c.item));
    for (const { item, hlc } of kept) {
      if (item.kind === 'attempt') {
        const quiz = await findQuiz(item.courseId, item.courseVersion, item.quizId); // cached: no query
        const answers = quiz && completeAnswers(item, batchAnswers);
        const grade = quiz && answers ? gradeOf(quiz, answers, item.clientScore ?? null) : null;
        attempts.push({ item, role: quiz?.role ?? null, grade });
      } else if (item.kind === 'progress') progress.push({ item, hlc: hlc! });
    }
    await insertAttempts(tx, attempts, deviceId);
    await mergeLessonProgress(tx, progress);
    await recordDeviceSync(tx, deviceId, account.id, Math.max(...kept.map((c) => c.item.seq), 0));
    const touched = kept.flatMap((c) => (c.item.kind === 'progress' ? [] : [c.item.attemptId]));
    await gradeAttempts(tx, touched, findQuiz);
    // Last, once every grade of the batch is in: a passed post-test earns its one certificate.
    await issueCertificates(tx, touched);
  });
  return results;
}

/** Per learner AND device: learners who share one phone each have their own last sync. */
async function recordDeviceSync(db: Queryable, deviceId: string, learnerId: string, maxSeq: number): Promise<void> {
  await db.query(
    `INSERT INTO devices (id, user_id, last_sync_at, last_seq) VALUES ($1, $2, now(), $3)
     ON CONFLICT (id, user_id) DO UPDATE SET last_sync_at = now(),
       last_seq = GREATEST(devices.last_seq, excluded.last_seq)`,
    [deviceId, learnerId, maxSeq],
  );
}

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The items of a replayed batch, answered before any validation: an item of this learner whose
 * id is stored with the content hash of exactly this item is a `duplicate` — it was validated when
 * it was stored, and a stored item never changes, so the lookup needs no transaction. Everything
 * else (new, changed, upper-case ids, someone else's) takes the full path, which validates it and
 * tells `duplicate` from `conflict` as before. Returns the replays (index → id) and the stored hash of
 * every id it found, which the transaction reuses instead of reading them again.
 */
async function findReplays(
  store: Store,
  rawItems: unknown[],
  account: Account,
): Promise<{ replayed: Map<number, string>; stored: Map<string, string> }> {
  const byIndex = new Map<number, string>();
  rawItems.forEach((raw, index) => {
    const { id, learnerId } = (raw ?? {}) as { id?: unknown; learnerId?: unknown };
    if (typeof id === 'string' && CANONICAL_UUID.test(id) && learnerId === account.id) byIndex.set(index, id);
  });
  const stored = await readStoredHashes(store, [...new Set(byIndex.values())]);
  for (const [index, id] of byIndex) {
    const prior = stored.get(id);
    if (prior === undefined || prior !== contentHash(rawItems[index])) byIndex.delete(index);
  }
  return { replayed: byIndex, stored };
}

/** The fresh items of the batch in one INSERT; returns the ids it inserted. */
async function insertItems(tx: Queryable, fresh: Fresh[], deviceId: string): Promise<Set<string>> {
  if (fresh.length === 0) return new Set();
  return insertSyncItemRows(tx, syncItemRowsJson(fresh, deviceId));
}

/** This batch's stored answer items by their attempt id. */
function answersByAttempt(items: SyncItem[]): Map<string, AnswerItem[]> {
  const by = new Map<string, AnswerItem[]>();
  for (const item of items) {
    if (item.kind !== 'answer') continue;
    const list = by.get(item.attemptId);
    if (list) list.push(item);
    else by.set(item.attemptId, [item]);
  }
  return by;
}

/** All answers `attempt` lists, when every one of them is in this batch; otherwise null (graded later from the store). */
function completeAnswers(attempt: AttemptItem, batchAnswers: Map<string, AnswerItem[]>): AnswerItem[] | null {
  const listed = new Set(attempt.answerIds);
  const found = (batchAnswers.get(attempt.id) ?? []).filter((a) => listed.has(a.id));
  return found.length >= listed.size ? found : null;
}
