import { HttpErrorResponse } from '@angular/common/http';
import type { AbstractControl, FormGroup } from '@angular/forms';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** RFC 9457 problem details, as every API error is answered. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
}

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && typeof (body as Problem).title === 'string';

/** Any failed call as problem details, including the ones that never reached the API. */
export function toProblem(error: unknown): Problem {
  if (error instanceof HttpErrorResponse) {
    if (isProblem(error.error)) return error.error;
    if (error.status === 0) {
      return { type: 'about:blank', title: 'No connection', status: 0, detail: 'The server cannot be reached. Try again.' };
    }
    // No reason phrase in the title: over HTTP/2 Angular reports statusText 'OK' for every status. The detail names the status.
    return { type: 'about:blank', title: 'Request failed', status: error.status, detail: error.message };
  }
  return { type: 'about:blank', title: 'Unexpected error', status: 0, detail: String(error) };
}

/** The stable kind from the problem type: `/problems/insufficient-stock` → `insufficient-stock`. */
export const problemKind = (problem: Problem): string => problem.type.split('/').pop() ?? problem.type;

/** `body.price`, `price` and `/price` all name the control `price`. */
const controlName = (field: string) => field.split(/[./]/).filter(Boolean).pop() ?? field;

/**
 * Puts the problem's field errors on the form's controls (as a `server` error that `errorMessage`
 * shows) and returns what is left for a form-level message: the detail when no field took it.
 */
export function applyProblem(form: FormGroup, problem: Problem): string | null {
  let placed = 0;
  for (const { field, message } of problem.errors ?? []) {
    const control = form.get(controlName(field));
    if (!control) continue;
    control.setErrors({ ...control.errors, server: message });
    control.markAsTouched();
    placed++;
  }
  return placed > 0 && placed === problem.errors?.length ? null : problem.detail || problem.title;
}

/** The message a form field shows for its first error. */
export function errorMessage(control: AbstractControl): string {
  const errors = control.errors;
  if (!errors) return '';
  if (typeof errors['server'] === 'string') return errors['server'];
  if (errors['required']) return 'Required';
  if (errors['email']) return 'Not an email address';
  if (errors['min']) return `At least ${(errors['min'] as { min: number }).min}`;
  if (errors['max']) return `At most ${(errors['max'] as { max: number }).max}`;
  if (errors['minlength']) return `At least ${(errors['minlength'] as { requiredLength: number }).requiredLength} characters`;
  if (errors['maxlength']) return `At most ${(errors['maxlength'] as { requiredLength: number }).requiredLength} characters`;
  if (errors['pattern']) return 'Not in the expected form';
  return 'Not valid';
}
