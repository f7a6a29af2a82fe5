import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/api-error';
import { answerError } from './answer-error';
import { ApiProblem } from './api-problem';

/** A bare app whose only route throws `err`, answered by the app's one error handler. */
async function answerTo(err: Error): Promise<{ status: number; body: ApiError }> {
  const app = new Hono();
  app.get('/', () => {
    throw err;
  });
  app.onError(answerError);
  const res = await app.request('/');
  return { status: res.status, body: (await res.json()) as ApiError };
}

describe('answerError', () => {
  it('answers a thrown ApiProblem with its status, code, message and details', async () => {
    const { status, body } = await answerTo(
      new ApiProblem(409, 'missing_files', '2 files must be uploaded first', ['a']),
    );
    expect(status).toBe(409);
    expect(body).toEqual({
      error: { code: 'missing_files', message: '2 files must be uploaded first', details: ['a'] },
    });
  });

  it('keeps the status of Hono’s own 4xx and names malformed JSON', async () => {
    const { status, body } = await answerTo(new HTTPException(400, { message: 'Malformed JSON in request body' }));
    expect(status).toBe(400);
    expect(body.error.code).toBe('malformed_json');
  });

  it('answers any other error 500 internal_error without its message', async () => {
    const { status, body } = await answerTo(new Error('secret detail'));
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
  });
});
