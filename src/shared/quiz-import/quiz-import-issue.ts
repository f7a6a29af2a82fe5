// One vocabulary for what can be wrong in an imported quiz file, shared by the CLI (prints
// `file:line: detail`), the author API (answers the list) and the authoring screen (shows each
// issue in the author's language from its code).

/** Why a question in a GIFT or Aiken file was refused. */
export type QuizImportIssueCode =
  /** Braces, titles, option letters or numbers the format cannot read. */
  | 'syntax'
  /** A Moodle question type the quiz model has no place for (description, essay, several right answers in one choice). */
  | 'unsupported_type'
  /** Partial credit where the quiz model only knows right or wrong. */
  | 'unsupported_weight'
  /** `{}`-less answers or an answer section with nothing in it. */
  | 'empty_answers'
  /** Answers given, none of them marked right. */
  | 'no_correct_answer'
  /** An explicit `// id:` that is not lowercase letters, digits and dashes. */
  | 'bad_id'
  | 'duplicate_id'
  /** The file holds no question at all. */
  | 'no_questions';

export interface QuizImportIssue {
  file: string;
  /** 1-based line of the question (or of the answer) at fault. */
  line: number;
  code: QuizImportIssueCode;
  /** English detail for logs and the CLI; screens build their own text from `code`. */
  detail: string;
}

/** Thrown with every issue of a file when a caller wants all-or-nothing. */
export class QuizImportError extends Error {
  constructor(readonly issues: readonly QuizImportIssue[]) {
    super(issues.map(formatQuizImportIssue).join('\n'));
  }
}

/** `file:line: detail`, the form editors and terminals jump to. */
export function formatQuizImportIssue(issue: QuizImportIssue): string {
  return `${issue.file}:${issue.line}: ${issue.detail}`;
}
