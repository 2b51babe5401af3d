import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccessTokens, TOKEN_ALGORITHMS, TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenPayload } from './access-tokens';
import type { AuthUser } from '../access';

export const JWT_STRATEGY = 'jwt';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The request as passport's typings name it (Express's); under Fastify, Nest hands over the Fastify request. */
type Request = Parameters<Strategy['authenticate']>[0];

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(private readonly tokens: AccessTokens) {
    super({
      jwtFromRequest: bearerToken,
      // The key is read at request time: AccessTokens loads it once the module initialises.
      // passport-jwt hands the key to jsonwebtoken 9, which takes a KeyObject; its typings predate that.
      secretOrKeyProvider: (_request: unknown, _token: unknown, done: (error: null, key: Buffer) => void) =>
        done(null, tokens.verificationKey as unknown as Buffer),
      algorithms: TOKEN_ALGORITHMS,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      passReqToCallback: true,
    });
  }

  /** A token checked before (VerifiedTokens) goes straight to its user; any other through passport-jwt's checks. */
  override authenticate(request: Request, options?: unknown): void {
    const token = bearerToken(request);
    const payload = token === null ? undefined : this.tokens.verified.get(token);
    if (payload === undefined) {
      super.authenticate(request, options);
      return;
    }
    this.tokens.userFor(payload).then(
      (user) => this.success(user),
      (error: unknown) => this.error(error as Error),
    );
  }

  /** Called by passport-jwt with a payload whose signature and claims have just passed. */
  validate(request: Request, payload: AccessTokenPayload): Promise<AuthUser> {
    const token = bearerToken(request);
    if (token !== null) this.tokens.verified.remember(token, payload);
    return this.tokens.userFor(payload);
  }
}
