import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem';

/**
 * Control characters other than tab and newline, and UTF-16 surrogates that pair with nothing:
 * no field of this API means them, PostgreSQL cannot store NUL, and jsonb refuses a lone surrogate.
 */
// The control characters are what this refuses.
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|\p{Cs}/u;
const UNSAFE_TEXT_RULE = 'must not contain control characters (other than tab and newline) or unpaired surrogates';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Every string in `value` (a body, a query, a route parameter) holding unsafe text, by its path. Iterative: bodies may be deep. */
function unsafeText(value: unknown, root: string): FieldError[] {
  const errors: FieldError[] = [];
  const pending: [unknown, string][] = [[value, root]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, field] = next;
    if (typeof current === 'string') {
      if (UNSAFE_TEXT.test(current)) errors.push({ field, message: `${field} ${UNSAFE_TEXT_RULE}` });
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, child] of Object.entries(current)) pending.push([child, field ? `${field}.${key}` : key]);
    }
  }
  return errors.reverse();
}

const refusal = (fieldErrors: readonly FieldError[]) =>
  ProblemException.of('validation', fieldErrors.map((e) => e.message).join('; '), { errors: fieldErrors });

/**
 * Whitelisting validation whose refusals are problem details listing every field at fault. Before
 * any DTO rule, every string of the body, the query and the route parameters is checked for
 * unsafe text, so no field can forget to.
 */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const unsafe = unsafeText(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (unsafe.length > 0) throw refusal(unsafe);
    }
    return super.transform(value, metadata);
  }
}

export const problemValidationPipe = () =>
  new ProblemValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => refusal(flatten(errors)),
  });
