import { ApiProperty, PickType } from '@nestjs/swagger';
import type { SelfRegistration } from '../../users';
import { AuthUserDto } from '../../access';
import type { SessionView, SignedIn } from '../sessions';

export class SignedInDto implements SignedIn {
  @ApiProperty({ description: 'The bearer token for every other call' })
  readonly accessToken!: string;

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires; then POST /api/auth/refresh' })
  readonly expiresIn!: number;

  @ApiProperty({ type: AuthUserDto })
  readonly user!: AuthUserDto;

  @ApiProperty({
    description: 'Signed in with a temporary password: the token may only change it (POST /api/auth/password), then refresh',
  })
  readonly passwordChangeRequired!: boolean;
}

/** No id: the answer is the same whether or not the email already had an account. */
export class SelfRegistrationDto extends PickType(AuthUserDto, ['username', 'email', 'role'] as const) implements SelfRegistration {}

export class RegisteredDto {
  @ApiProperty({ type: SelfRegistrationDto })
  readonly user!: SelfRegistrationDto;
}

export class SessionViewDto implements SessionView {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'The sign-in or the last refresh of its access token' })
  readonly lastUsedAt!: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'The client address it signed in from' })
  readonly address!: string | null;

  @ApiProperty({ example: 'Chrome 153 on Linux', description: 'The browser, as read from its user agent' })
  readonly browser!: string;

  @ApiProperty({ description: 'The session of the asking request' })
  readonly current!: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionViewDto] })
  readonly sessions!: readonly SessionViewDto[];
}
