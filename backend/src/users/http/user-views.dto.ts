import { ApiProperty } from '@nestjs/swagger';
import { AuthUserDto } from '../../access';
import { PositionedDto } from '../../web';
import type { UserView } from '../user-view';

export class UserViewDto extends AuthUserDto implements UserView {
  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ description: 'False once deactivated: no sign-in, no token, no socket; the user stays in every history' })
  readonly active!: boolean;

  @ApiProperty({ description: 'A service account: no password, never signs in; a manager makes its API tokens' })
  readonly service!: boolean;
}

export class PositionedUserViewDto extends PositionedDto(UserViewDto) {}

export class UserListDto {
  @ApiProperty({ type: [UserViewDto] })
  readonly users!: readonly UserViewDto[];
}

class TemporaryPasswordDto {
  @ApiProperty({ description: 'Shown once: the user signs in with it and must then choose a new password' })
  readonly temporaryPassword!: string;
}

export class PositionedTemporaryPasswordDto extends PositionedDto(TemporaryPasswordDto) {}

class EmailedResetLinkDto {
  @ApiProperty({ enum: [true] })
  readonly emailed!: true;

  @ApiProperty({ format: 'email', description: 'Where the one-time link went' })
  readonly to!: string;
}

export class PositionedEmailedResetLinkDto extends PositionedDto(EmailedResetLinkDto) {}
