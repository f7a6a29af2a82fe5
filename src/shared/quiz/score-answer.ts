import { normalizeShortAnswer } from './normalize-short-answer';
import type { AnswerValue, Question, QuestionKey } from './question';

// One scoring function for the phone (latihan feedback) and the server (ujian grades), so both
// always agree on what a given answer is worth.

export interface QuestionScore {
  /** 0..1 of the question's marks. */
  score: number;
  /** True only for full marks. */
  correct: boolean;
}

/** GIFT weights are typed by authors as 33.333%; sums this close to 100% count as full marks. */
const PERCENT_SLACK = 0.05;

/**
 * Scores one answer against its key. An absent answer, or one of another type, scores 0.
 * Throws when the key does not belong to the question (a broken course package, not a learner error).
 * @example scoreAnswer(question, { type: 'truefalse', correct: true }, { type: 'truefalse', value: true })
 */
export function scoreAnswer(question: Question, key: QuestionKey, answer: AnswerValue | undefined): QuestionScore {
  if (key.type !== question.type) {
    throw new Error(`question ${question.id} is ${question.type} but its key is ${key.type}`);
  }
  if (!answer || answer.type !== key.type) return wrong;
  switch (key.type) {
    case 'single':
      return answer.type === 'single' && answer.choice === key.correct ? right : wrong;
    case 'truefalse':
      return answer.type === 'truefalse' && answer.value === key.correct ? right : wrong;
    case 'multiple':
      return answer.type === 'multiple' ? scoreMultiple(key.weights, answer.choices) : wrong;
    case 'short':
      return answer.type === 'short' ? scoreShort(key.accepted, answer.text) : wrong;
    case 'matching':
      return answer.type === 'matching' ? scoreMatching(key.pairs, answer.pairs) : wrong;
    case 'numeric':
      return answer.type === 'numeric' ? scoreNumeric(key.ranges, answer.value) : wrong;
  }
}

const right: QuestionScore = { score: 1, correct: true };
const wrong: QuestionScore = { score: 0, correct: false };

/** Sums the GIFT percent weights of the chosen choices; wrong picks subtract, the total is clamped to 0..1. */
function scoreMultiple(weights: Record<string, number>, choices: readonly string[]): QuestionScore {
  const total = [...new Set(choices)].reduce((sum, id) => sum + (weights[id] ?? 0), 0);
  if (total >= 100 - PERCENT_SLACK) return right;
  return { score: Math.max(0, total) / 100, correct: false };
}

function scoreShort(accepted: readonly string[], text: string): QuestionScore {
  const given = normalizeShortAnswer(text);
  if (given === '') return wrong;
  return accepted.some((a) => normalizeShortAnswer(a) === given) ? right : wrong;
}

/** Each left item paired with its right partner earns an equal share. */
function scoreMatching(key: Record<string, string>, given: Record<string, string>): QuestionScore {
  const lefts = Object.keys(key);
  if (lefts.length === 0) return wrong;
  const hits = lefts.filter((left) => Object.hasOwn(given, left) && given[left] === key[left]).length;
  return hits === lefts.length ? right : { score: hits / lefts.length, correct: false };
}

function scoreNumeric(ranges: readonly { min: number; max: number }[], value: number): QuestionScore {
  if (!Number.isFinite(value)) return wrong;
  // A hair of slack so that 0.1 + 0.2 on a bound still counts as on it.
  const inside = ranges.some(({ min, max }) => {
    const eps = 1e-9 * Math.max(1, Math.abs(min), Math.abs(max));
    return value >= min - eps && value <= max + eps;
  });
  return inside ? right : wrong;
}
