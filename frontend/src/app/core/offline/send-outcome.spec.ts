import { HttpErrorResponse } from '@angular/common/http';
import { outcomeOfError } from './send-outcome';

const answer = (status: number, error: unknown = null) => new HttpErrorResponse({ status, error });

describe('outcomeOfError', () => {
  it('sends again what got no answer, a server error, an expired token or a slow-down', () => {
    for (const status of [0, 401, 408, 429, 500, 502, 503]) expect(outcomeOfError(answer(status))).toEqual({ kind: 'unanswered' });
  });

  it("refuses what the server decided against, with the problem's type and detail", () => {
    const problem = { type: '/problems/insufficient-stock', title: 'Insufficient stock', status: 409, detail: 'Only 2 at MAIN' };
    expect(outcomeOfError(answer(409, problem))).toEqual({
      kind: 'refused',
      problemType: '/problems/insufficient-stock',
      reason: 'Only 2 at MAIN',
    });
    expect(outcomeOfError(answer(404, { ...problem, type: '/problems/not-found', status: 404, detail: '' }))).toEqual({
      kind: 'refused',
      problemType: '/problems/not-found',
      reason: 'Insufficient stock',
    });
  });
});
