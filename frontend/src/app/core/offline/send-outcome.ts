import { toProblem } from '../../shared/forms/problem-details';
import type { SendOutcome } from './outbox';

/** Answers that decide nothing about the movement: no answer, a server error, an expired token, slow down. */
const UNDECIDED = new Set([0, 401, 408, 429]);

/** What a failed send means for the queue: a refusal to show the person, or a send to make again. */
export function outcomeOfError(error: unknown): SendOutcome {
  const problem = toProblem(error);
  if (UNDECIDED.has(problem.status) || problem.status >= 500) return { kind: 'unanswered' };
  return { kind: 'refused', problemType: problem.type, reason: problem.detail || problem.title };
}
