import { ApiProblem } from '../http/api-problem';

/** A refused publish, thrown with status + stable code + English message; `onError` answers it. */
export class CourseProblem extends ApiProblem {}
