import { isDeepStrictEqual } from 'node:util';
import * as v from 'valibot';
import type { CourseManifest, QuizRef } from '../../shared/course/manifest';
import { manifestQuizzes } from '../../shared/course/manifest-signature';
import { toDeviceQuiz } from '../../shared/quiz/device-quiz';
import { QuizDocumentSchema, type QuizDocument } from '../../shared/quiz/question';
import { CourseProblem } from './course-problem';

export interface CheckedQuiz {
  ref: QuizRef;
  /** The full document, keys included: stored in quiz_keys, never served to devices. */
  full: QuizDocument;
}

/**
 * Pairs every quiz of the manifest with the full document the author sent, and checks the device
 * file is exactly the full document minus what must not reach the phone (ujian keys).
 */
export function checkPackageQuizzes(
  manifest: CourseManifest,
  fullDocs: QuizDocument[],
  deviceFile: (hash: string) => Uint8Array,
): CheckedQuiz[] {
  return manifestQuizzes(manifest).map((ref) => {
    const full = fullDocs.find((d) => d.id === ref.id);
    if (!full) throw new CourseProblem(400, 'quiz_missing', `No full quiz document for quiz ${ref.id}`);
    if (full.mode !== ref.mode) throw new CourseProblem(400, 'quiz_mismatch', `Quiz ${ref.id}: mode differs`);
    const keyed = full.questions.every((q) => full.keys?.[q.id]);
    if (!keyed) throw new CourseProblem(400, 'quiz_mismatch', `Quiz ${ref.id}: every question needs a key`);
    if (full.questions.length !== ref.questionCount) {
      throw new CourseProblem(400, 'quiz_mismatch', `Quiz ${ref.id}: questionCount differs from the document`);
    }
    let device: unknown;
    try {
      device = v.parse(QuizDocumentSchema, JSON.parse(new TextDecoder().decode(deviceFile(ref.file))));
    } catch {
      throw new CourseProblem(400, 'malformed_quiz', `Quiz file of ${ref.id} is not a valid quiz document`);
    }
    if (ref.mode === 'ujian' && (device as QuizDocument).keys) {
      throw new CourseProblem(
        400,
        'ujian_key_in_package',
        `Quiz ${ref.id} is an ujian: its device file must carry no keys`,
      );
    }
    if (!isDeepStrictEqual(device, toDeviceQuiz(full))) {
      throw new CourseProblem(400, 'quiz_mismatch', `Quiz file of ${ref.id} does not match its full document`);
    }
    return { ref, full };
  });
}
