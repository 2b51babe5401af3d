import { bearerTokenMatches } from './bearer-auth';
import { setting } from './settings';
import { problemResponse, requestHeader, type WebActionArgs, type WebActionResponse } from './web-action';

/** The refusal for a request that is not a POST bearing FUNCTION_API_KEY, or undefined when it is one. */
export function refuseUnauthorized(args: WebActionArgs, postWhat: string): WebActionResponse | undefined {
  if (args.__ow_method?.toLowerCase() !== 'post') {
    return problemResponse('method-not-allowed', `Post ${postWhat}.`, { headers: { allow: 'POST' } });
  }
  const apiKey = setting(args, 'FUNCTION_API_KEY');
  if (apiKey === undefined) {
    return problemResponse('unavailable', 'The function has no FUNCTION_API_KEY configured.');
  }
  if (!bearerTokenMatches(requestHeader(args, 'authorization'), apiKey)) {
    return problemResponse('unauthorized', 'Send Authorization: Bearer <FUNCTION_API_KEY>.', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  return undefined;
}
