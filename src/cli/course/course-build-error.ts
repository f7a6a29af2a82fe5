/** A problem in the author's files, reported as `file:line: message` so the editor can jump there. */
export class CourseBuildError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}
