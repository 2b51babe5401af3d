import { ApiProperty, PickType } from '@nestjs/swagger';
import type { SelfRegistration } from '../../users';
import { AuthUserDto } from '../../access';
import type { SignedIn } from '../sessions';

export class SignedInDto implements SignedIn {
  @ApiProperty({ description: 'The bearer token for every other call' })
  readonly accessToken!: string;

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires; then POST /api/auth/refresh' })
  readonly expiresIn!: number;

  @ApiProperty({ type: AuthUserDto })
  readonly user!: AuthUserDto;
}

/** No id: the answer is the same whether or not the email already had an account. */
export class SelfRegistrationDto extends PickType(AuthUserDto, ['username', 'email', 'role'] as const) implements SelfRegistration {}

export class RegisteredDto {
  @ApiProperty({ type: SelfRegistrationDto })
  readonly user!: SelfRegistrationDto;
}
