import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Whitelisting validation whose refusals are problem details listing every field at fault. */
export const problemValidationPipe = () =>
  new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return ProblemException.of('validation', fieldErrors.map((e) => e.message).join('; '), { errors: fieldErrors });
    },
  });
