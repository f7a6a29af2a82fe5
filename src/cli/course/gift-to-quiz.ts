import type { QuizHeader } from '../../shared/quiz-import/imported-question';
import type { QuizDocument } from '../../shared/quiz/question';
import { quizFileToDocument } from './quiz-file-to-document';

/**
 * Reads GIFT text (whatever the file is called) into the FULL QuizDocument; errors name the file and line.
 * @example giftToQuiz(text, 'quizzes/posttest.gift', { id: 'posttest', title: 'Post-test', mode: 'ujian' })
 */
export function giftToQuiz(text: string, file: string, header: QuizHeader): QuizDocument {
  return quizFileToDocument(text, file, header, 'gift');
}
