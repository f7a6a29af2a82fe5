import { describe, expect, it } from 'vitest';
import type { QuizDraft } from '../../shared/authoring/quiz-draft';
import { slugify, textId } from '../../shared/quiz-import/question-id';
import {
  addChoice,
  editorIssues,
  emptyQuiz,
  fromDraft,
  moveQuestion,
  newQuestion,
  removeQuestion,
  replaceQuestion,
  setRole,
  toDraft,
  withSavedIds,
  type EditorQuestion,
  type EditorQuiz,
} from './quiz-editor-state';

const single = (text: string, choices: string[], correct: number, title = ''): EditorQuestion => {
  const q = newQuestion('single');
  const withChoices = choices.length > 2 ? addChoice(q) : q;
  return {
    ...withChoices,
    title,
    text,
    choices: withChoices.choices.slice(0, choices.length).map((c, i) => ({
      ...c,
      text: choices[i]!,
      correct: i === correct,
    })),
  };
};
const quizWith = (...questions: EditorQuestion[]): EditorQuiz => ({ ...emptyQuiz(), title: 'Latihan', questions });

describe('question editor state', () => {
  it('gives a new question its id by the importer rules: the title slug, else a hash of its text', () => {
    const titled = single('APB Desa terdiri dari?', ['Pendapatan', 'Hanya belanja'], 0, 'Struktur APB Desa');
    const untitled = { ...newQuestion('truefalse'), text: 'Dana desa bersumber dari APBN.' };
    const draft = toDraft(quizWith(titled, untitled));
    expect(draft.questions.map((q) => q.id)).toEqual([
      slugify('Struktur APB Desa'),
      textId('\nDana desa bersumber dari APBN.'),
    ]);
    expect(draft.keys).toEqual({
      'struktur-apb-desa': { type: 'single', correct: 'a' },
      [draft.questions[1]!.id]: { type: 'truefalse', correct: true },
    });
  });

  it('keeps a saved question id when its text, title or place changes', () => {
    const q = { ...newQuestion('truefalse'), text: 'Dana desa bersumber dari APBN.' };
    const first = quizWith(q, single('Siapa?', ['A', 'B'], 1));
    const saved = withSavedIds(first, toDraft(first));
    const ids = toDraft(saved).questions.map((x) => x.id);
    const edited = moveQuestion(
      replaceQuestion(saved, 0, { ...saved.questions[0]!, text: 'Dana Desa dari APBN.', title: 'Sumber' }),
      0,
      1,
    );
    expect(toDraft(edited).questions.map((x) => x.id)).toEqual([ids[1], ids[0]]);
  });

  it('reorders with up and down, leaves the ends alone, and deletes', () => {
    const a = single('A?', ['1', '2'], 0);
    const b = single('B?', ['1', '2'], 0);
    const c = single('C?', ['1', '2'], 0);
    const quiz = quizWith(a, b, c);
    expect(moveQuestion(quiz, 0, -1)).toBe(quiz);
    expect(moveQuestion(quiz, 2, 1)).toBe(quiz);
    expect(moveQuestion(quiz, 2, -1).questions.map((q) => q.text)).toEqual(['A?', 'C?', 'B?']);
    expect(removeQuestion(quiz, 1).questions.map((q) => q.text)).toEqual(['A?', 'C?']);
  });

  it('names each question at fault with the importer rules, by its place', () => {
    const empty = { ...newQuestion('truefalse'), text: '  ' };
    const oneChoice = {
      ...single('Pilih', ['Satu', 'Dua'], 0),
      choices: [single('x', ['Satu', 'Dua'], 0).choices[0]!],
    };
    const noneRight = single('Pilih', ['Satu', 'Dua'], -1);
    const blankChoice = single('Pilih', ['Satu', ' '], 0);
    const shortEmpty = { ...newQuestion('short'), text: 'Kepanjangan BPD?', accepted: '\n  \n' };
    const multipleNone = { ...newQuestion('multiple'), text: 'Pilih semua' };
    multipleNone.choices = multipleNone.choices.map((c, i) => ({ ...c, text: `P${i}` }));
    expect(editorIssues(quizWith(empty, oneChoice, noneRight, blankChoice, shortEmpty, multipleNone))).toEqual([
      { question: 0, code: 'empty_text' },
      { question: 1, code: 'too_few_choices' },
      { question: 2, code: 'no_correct_answer' },
      { question: 3, code: 'empty_choice' },
      { question: 4, code: 'empty_answers' },
      { question: 5, code: 'no_correct_answer' },
    ]);
    expect(editorIssues(emptyQuiz())).toEqual([{ question: -1, code: 'no_questions' }]);
  });

  it('makes a pre- or post-test an ujian, and keeps the pass mark only for an ujian', () => {
    const quiz = { ...quizWith(single('A?', ['1', '2'], 0)), passScore: '70' };
    expect(toDraft(quiz).passScore).toBeUndefined();
    const post = setRole(quiz, 'posttest');
    expect(post.mode).toBe('ujian');
    expect(toDraft(post)).toMatchObject({ role: 'posttest', mode: 'ujian', passScore: 70 });
    expect(editorIssues(post)).toEqual([]);
  });

  it('writes multiple choice as weights: right ones share 100, each wrong one takes a share away', () => {
    const q = addChoice(newQuestion('multiple'));
    q.text = 'Pilih yang benar';
    q.choices = q.choices.map((c, i) => ({ ...c, text: `P${i}`, correct: i < 2, feedback: i === 2 ? 'Bukan' : '' }));
    const draft = toDraft(quizWith(q));
    expect(draft.keys[draft.questions[0]!.id]).toEqual({
      type: 'multiple',
      weights: { a: 50, b: 50, c: -50 },
      feedback: { c: 'Bukan' },
    });
  });

  it('opens an imported quiz and writes it back the same, a matching question kept as it was', () => {
    const imported: QuizDraft = {
      title: 'Impor',
      mode: 'latihan',
      role: 'practice',
      questions: [
        {
          id: 'q1',
          type: 'single',
          text: 'Siapa?',
          choices: [
            { id: 'a', text: 'Kades' },
            { id: 'b', text: 'Camat' },
          ],
        },
        { id: 'q2', type: 'short', text: 'BPD?', title: 'Singkatan' },
        {
          id: 'q3',
          type: 'matching',
          text: 'Pasangkan',
          left: [{ id: 'l1', text: 'A' }],
          right: [{ id: 'r1', text: '1' }],
        },
        {
          id: 'q4',
          type: 'multiple',
          text: 'Semua?',
          choices: [
            { id: 'a', text: 'X' },
            { id: 'b', text: 'Y' },
          ],
        },
      ],
      keys: {
        q1: { type: 'single', correct: 'a', feedback: { b: 'Bukan camat' } },
        q2: { type: 'short', accepted: ['Badan Permusyawaratan Desa', 'bpd'] },
        q3: { type: 'matching', pairs: { l1: 'r1' } },
        q4: { type: 'multiple', weights: { a: 100, b: -100 } },
      },
      explanations: { q1: 'Lihat UU Desa.' },
    };
    const quiz = fromDraft(imported);
    expect(quiz.questions[2]!.kept).toBeDefined();
    expect(quiz.questions[1]!.accepted).toBe('Badan Permusyawaratan Desa\nbpd');
    expect(toDraft(quiz)).toEqual(imported);
  });
});
