import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import secureJson from 'secure-json-parse';
import { ProblemException } from '../common/problem/problem';

function parse(text: string): unknown {
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const poisoned = error instanceof SyntaxError && /forbidden prototype property/.test(error.message);
    throw ProblemException.of('validation', poisoned ? 'The body may not hold a __proto__ or constructor.prototype key' : 'The body is not valid JSON');
  }
}

/**
 * Request bodies are JSON and nothing else (any other type is refused with 415), at most
 * `bodyLimit` bytes, with prototype-poisoning keys refused. An empty body is no body rather than
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
