/**
 * Text typed into a form, kept so a reload, an update or a killed app loses none of it. The quiz
 * keeps the entry of each question here too (key `answer:<attemptId>:<questionId>`, the entry as
 * JSON) until it is saved as an answer or the attempt is finished.
 */
export interface Draft {
  /** Which field, e.g. `signIn.username`. */
  key: string;
  value: string;
  updatedAt: number;
}
