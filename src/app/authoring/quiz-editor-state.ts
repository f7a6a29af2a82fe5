import { quizDraftIssues, type QuizDraft, type QuizDraftIssue } from '../../shared/authoring/quiz-draft';
import type { QuizRole } from '../../shared/course/manifest';
import type { Question, QuestionKey, QuizMode } from '../../shared/quiz/question';
import { assignQuestionIds } from '../../shared/quiz-import/question-id';

// The question editor's state, kept apart from the screen so its rules are tested on their own.
// A question keeps the id it was saved or imported with; a new one gets its id on save, by the
// importer's rules (the title's slug, else a hash of its text), so ids stay stable across edits.

export type EditableType = 'single' | 'multiple' | 'truefalse' | 'short';
export const EDITABLE_TYPES: readonly EditableType[] = ['single', 'multiple', 'truefalse', 'short'];

export interface EditorChoice {
  id: string;
  text: string;
  correct: boolean;
  feedback: string;
}

export interface EditorQuestion {
  /** Stable while the question is on screen (a list key), not the question's id. */
  key: number;
  /** The saved or imported id; null until the first save. */
  id: string | null;
  type: EditableType;
  title: string;
  text: string;
  choices: EditorChoice[];
  /** The right answer of a true/false question. */
  truth: boolean;
  /** Accepted answers of a short-answer question, one per line. */
  accepted: string;
  explanation: string;
  /** A matching or numeric question from an import: kept as it is, edited only by importing again. */
  kept?: { question: Question; key: QuestionKey };
}

export interface EditorQuiz {
  title: string;
  mode: QuizMode;
  role: QuizRole;
  /** The pass mark of an ujian as typed ('' for none). */
  passScore: string;
  questions: EditorQuestion[];
}

let nextKey = 1;
const letter = (i: number) => (i < 26 ? String.fromCharCode(97 + i) : `c${i + 1}`);

/** A choice id not yet used in the question (`a`, `b`, … as the importer names them). */
function freeChoiceId(choices: readonly EditorChoice[]): string {
  const used = new Set(choices.map((c) => c.id));
  let i = 0;
  while (used.has(letter(i))) i++;
  return letter(i);
}

/** A blank choice for a question. */
export function addChoice(q: EditorQuestion): EditorQuestion {
  return { ...q, choices: [...q.choices, { id: freeChoiceId(q.choices), text: '', correct: false, feedback: '' }] };
}

/** A new question of a type, with two empty choices where it has choices. */
export function newQuestion(type: EditableType): EditorQuestion {
  const q: EditorQuestion = {
    key: nextKey++,
    id: null,
    type,
    title: '',
    text: '',
    choices: [],
    truth: true,
    accepted: '',
    explanation: '',
  };
  return type === 'single' || type === 'multiple' ? addChoice(addChoice(q)) : q;
}

/** An empty quiz: a practice latihan. */
export function emptyQuiz(): EditorQuiz {
  return { title: '', mode: 'latihan', role: 'practice', passScore: '', questions: [] };
}

/** A saved or imported quiz (GET …/quizzes/{id}) as the editor shows it. */
export function fromDraft(draft: QuizDraft): EditorQuiz {
  const questions = draft.questions.map((question): EditorQuestion => {
    const key = draft.keys[question.id]!;
    const base = {
      key: nextKey++,
      id: question.id,
      title: question.title ?? '',
      text: question.text,
      choices: [] as EditorChoice[],
      truth: true,
      accepted: '',
      explanation: draft.explanations?.[question.id] ?? '',
    };
    const feedback = 'feedback' in key ? (key.feedback ?? {}) : {};
    if ((question.type === 'single' || question.type === 'multiple') && key.type === question.type) {
      const correct = (id: string) => (key.type === 'single' ? key.correct === id : (key.weights[id] ?? 0) > 0);
      const choices = question.choices.map((c) => ({
        id: c.id,
        text: c.text,
        correct: correct(c.id),
        feedback: feedback[c.id] ?? '',
      }));
      return { ...base, type: question.type, choices };
    }
    if (question.type === 'truefalse' && key.type === 'truefalse')
      return { ...base, type: 'truefalse', truth: key.correct };
    if (question.type === 'short' && key.type === 'short')
      return { ...base, type: 'short', accepted: key.accepted.join('\n') };
    return { ...base, type: 'single', kept: { question, key } };
  });
  return {
    title: draft.title,
    mode: draft.mode,
    role: draft.role,
    passScore: draft.passScore === undefined ? '' : String(draft.passScore),
    questions,
  };
}

/** The quiz with question `index` moved by `delta` places (up is -1); unchanged at either end. */
export function moveQuestion(quiz: EditorQuiz, index: number, delta: number): EditorQuiz {
  const to = index + delta;
  if (to < 0 || to >= quiz.questions.length) return quiz;
  const questions = [...quiz.questions];
  [questions[index], questions[to]] = [questions[to]!, questions[index]!];
  return { ...quiz, questions };
}

/** The quiz with question `index` replaced. */
export function replaceQuestion(quiz: EditorQuiz, index: number, q: EditorQuestion): EditorQuiz {
  return { ...quiz, questions: quiz.questions.map((old, i) => (i === index ? q : old)) };
}

/** The quiz without question `index`. */
export function removeQuestion(quiz: EditorQuiz, index: number): EditorQuiz {
  return { ...quiz, questions: quiz.questions.filter((_, i) => i !== index) };
}

/** The quiz with its role set; a pre- or post-test is always an ujian (its keys stay on the server). */
export function setRole(quiz: EditorQuiz, role: QuizRole): EditorQuiz {
  return { ...quiz, role, mode: role === 'practice' ? quiz.mode : 'ujian' };
}

/** A question and its key in the quiz model, under the id it has (or was just given). */
function toModel(q: EditorQuestion, id: string): { question: Question; key: QuestionKey } {
  if (q.kept) return { question: { ...q.kept.question, id }, key: q.kept.key };
  const base = { id, text: q.text.trim(), ...(q.title.trim() ? { title: q.title.trim() } : {}) };
  const feedback = Object.fromEntries(q.choices.filter((c) => c.feedback.trim()).map((c) => [c.id, c.feedback.trim()]));
  const withFeedback = Object.keys(feedback).length > 0 ? { feedback } : {};
  const choices = q.choices.map((c) => ({ id: c.id, text: c.text.trim() }));
  switch (q.type) {
    case 'single': {
      const correct = q.choices.find((c) => c.correct)?.id ?? '';
      return { question: { ...base, type: 'single', choices }, key: { type: 'single', correct, ...withFeedback } };
    }
    case 'multiple': {
      // Each right choice earns its share; each wrong one takes a share away, so ticking all is not full marks.
      const right = q.choices.filter((c) => c.correct).length;
      const share = right > 0 ? 100 / right : 0;
      const weights = Object.fromEntries(q.choices.map((c) => [c.id, c.correct ? share : -share]));
      return { question: { ...base, type: 'multiple', choices }, key: { type: 'multiple', weights, ...withFeedback } };
    }
    case 'truefalse':
      return { question: { ...base, type: 'truefalse' }, key: { type: 'truefalse', correct: q.truth } };
    case 'short': {
      const accepted = q.accepted
        .split('\n')
        .map((a) => a.trim())
        .filter((a) => a !== '');
      return { question: { ...base, type: 'short' }, key: { type: 'short', accepted } };
    }
  }
}

/** The body of PUT …/quizzes/{id}: questions that have no id yet get one by the importer's rules. */
export function toDraft(quiz: EditorQuiz): QuizDraft {
  const ids = assignQuestionIds(
    quiz.questions.map((q) =>
      q.id ? { explicit: q.id, text: q.text } : { title: q.title.trim(), text: q.text.trim() },
    ),
  );
  const draft: QuizDraft = { title: quiz.title.trim(), mode: quiz.mode, role: quiz.role, questions: [], keys: {} };
  const explanations: Record<string, string> = {};
  quiz.questions.forEach((q, i) => {
    const id = ids[i]!;
    const { question, key } = toModel(q, id);
    draft.questions.push(question);
    draft.keys[id] = key;
    if (q.explanation.trim()) explanations[id] = q.explanation.trim();
  });
  if (Object.keys(explanations).length > 0) draft.explanations = explanations;
  const pass = Number(quiz.passScore);
  if (quiz.mode === 'ujian' && quiz.passScore.trim() !== '' && Number.isInteger(pass)) draft.passScore = pass;
  return draft;
}

/** The same checks the server makes, to show before saving. */
export function editorIssues(quiz: EditorQuiz): QuizDraftIssue[] {
  return quizDraftIssues(toDraft(quiz));
}

/** The quiz with the ids the server now holds, so the next save keeps them. */
export function withSavedIds(quiz: EditorQuiz, saved: QuizDraft): EditorQuiz {
  return { ...quiz, questions: quiz.questions.map((q, i) => ({ ...q, id: saved.questions[i]?.id ?? q.id })) };
}
