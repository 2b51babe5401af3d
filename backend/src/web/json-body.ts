import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import secureJson from 'secure-json-parse';
import { ProblemException } from '../common';

/** Far deeper than any body of this API; deeper ones are refused before anything walks them recursively. */
const MAX_DEPTH = 32;

/** Whether `text` opens more than `MAX_DEPTH` arrays or objects inside one another, strings skipped. */
function tooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (inString) {
      if (char === '\\') at += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth += 1;
      if (depth > MAX_DEPTH) return true;
    } else if (char === ']' || char === '}') depth -= 1;
  }
  return false;
}

function parse(text: string): unknown {
  if (tooDeep(text)) throw ProblemException.of('validation', `The body may not nest arrays or objects more than ${MAX_DEPTH} deep`);
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const poisoned = error instanceof SyntaxError && error.message.includes('forbidden prototype property');
    throw ProblemException.of(
      'validation',
      poisoned ? 'The body may not hold a __proto__ or constructor.prototype key' : 'The body is not valid JSON',
    );
  }
}

/**
 * Request bodies are JSON and nothing else (any other type is refused with 415), at most
 * `bodyLimit` bytes, at most 32 levels deep, with prototype-poisoning keys refused. An empty body is no body rather than
 * an error, so a DELETE sent with a JSON content type reaches the guards and the validation like
 * any other request.
 */
export function acceptJsonBodies(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = body.toString();
    try {
      done(null, text === '' ? undefined : parse(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
