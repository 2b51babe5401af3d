import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccessTokens, TOKEN_ALGORITHMS, TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenPayload } from './access-tokens';
import type { AuthUser } from '../access';

export const JWT_STRATEGY = 'jwt';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(private readonly tokens: AccessTokens) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // The key is read at request time: AccessTokens loads it once the module initialises.
      // passport-jwt hands the key to jsonwebtoken 9, which takes a KeyObject; its typings predate that.
      secretOrKeyProvider: (_request: unknown, _token: unknown, done: (error: null, key: Buffer) => void) =>
        done(null, tokens.verificationKey as unknown as Buffer),
      algorithms: TOKEN_ALGORITHMS,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
  }

  validate(payload: AccessTokenPayload): Promise<AuthUser> {
    return this.tokens.userFor(payload);
  }
}
