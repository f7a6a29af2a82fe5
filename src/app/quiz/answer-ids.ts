import { uuidv7 } from '../uuidv7';
import type { AttemptRecord } from '../../db/learning-records';
import { nextId } from '../../shared/sync/pack-items';

// An attempt's answers are numbered from the attempt's own id (its last four hex digits), so a
// packed push (shared/sync/pack-items.ts) carries no answer id at all: about 18 bytes per answer
// that gzip cannot shrink. Ids stay unique: another attempt, or any other item, shares the first
// 28 hex digits only by chance (a UUIDv7's millisecond and 58 random bits).

/**
 * A new attempt's id: a UUIDv7 whose last four hex digits are 0000, leaving 65,535 answer ids after it.
 * @example const id = newAttemptId(); // '019ad1c2-…-…0000'
 */
export function newAttemptId(): string {
  return uuidv7().slice(0, 32) + '0000';
}

/**
 * The id of the next answer given in `attempt`: the id after its previous answer's, or a random
 * UUIDv7 for an attempt started before answers were numbered (no `answersGiven`) or past ffff.
 * @example const id = nextAnswerId(attempt); // then store `answersGiven + 1` with the answer
 */
export function nextAnswerId(attempt: Pick<AttemptRecord, 'id' | 'answersGiven'>): string {
  if (attempt.answersGiven === undefined) return uuidv7();
  const last = parseInt(attempt.id.slice(32), 16) + attempt.answersGiven;
  return nextId(attempt.id.slice(0, 32) + last.toString(16).padStart(4, '0')) ?? uuidv7();
}
