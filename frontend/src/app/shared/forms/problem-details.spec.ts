import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { applyProblem, errorMessage, problemKind, toProblem, type Problem } from './problem-details';

const validation = (errors: Problem['errors']): Problem => ({
  type: '/problems/validation',
  title: 'The request is not valid',
  status: 400,
  detail: 'Some fields are not valid',
  errors,
});

describe('problem details', () => {
  const form = () => new FormGroup({ sku: new FormControl('A-1'), price: new FormControl<number | null>(-1) });

  it('puts each field error on its control and leaves no form-level message when all found a field', () => {
    const group = form();
    const rest = applyProblem(
      group,
      validation([
        { field: 'sku', message: 'SKU A-1 already exists' },
        { field: 'body.price', message: 'price must not be negative' },
      ]),
    );
    expect(rest).toBeNull();
    expect(errorMessage(group.controls.sku)).toBe('SKU A-1 already exists');
    expect(errorMessage(group.controls.price)).toBe('price must not be negative');
    expect(group.controls.sku.touched).toBe(true);
  });

  it('returns the detail when an error names no field of the form', () => {
    const group = form();
    expect(applyProblem(group, validation([{ field: 'warehouse', message: 'unknown' }]))).toBe('Some fields are not valid');
    expect(group.valid).toBe(true);
  });

  it('returns the detail of a problem without field errors', () => {
    const problem: Problem = { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'The item changed meanwhile' };
    expect(applyProblem(form(), problem)).toBe('The item changed meanwhile');
  });

  it('clears a server error once the user edits the field', () => {
    const group = form();
    applyProblem(group, validation([{ field: 'sku', message: 'taken' }]));
    group.controls.sku.setValue('A-2');
    expect(group.controls.sku.errors).toBeNull();
  });

  it('reads the problem+json body of an HTTP error and its stable kind', () => {
    const body: Problem = { type: '/problems/insufficient-stock', title: 'Insufficient stock', status: 409, detail: 'Only 2 left' };
    const problem = toProblem(new HttpErrorResponse({ status: 409, error: body }));
    expect(problem).toEqual(body);
    expect(problemKind(problem)).toBe('insufficient-stock');
  });

  it('turns an unreachable server into a problem that says so', () => {
    const problem = toProblem(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(problem.status).toBe(0);
    expect(problem.detail).toMatch(/cannot be reached/);
  });

  it('names client-side validation failures', () => {
    expect(errorMessage(new FormControl('', Validators.required))).toBe('Required');
    expect(errorMessage(new FormControl(-2, Validators.min(0)))).toBe('At least 0');
    expect(errorMessage(new FormControl('x', Validators.email))).toBe('Not an email address');
  });
});
