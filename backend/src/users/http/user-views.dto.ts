import { ApiProperty } from '@nestjs/swagger';
import { AuthUserDto } from '../../access';
import { PositionedDto } from '../../web';
import type { UserView } from '../user-view';

export class UserViewDto extends AuthUserDto implements UserView {
  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;
}

export class PositionedUserViewDto extends PositionedDto(UserViewDto) {}

export class UserListDto {
  @ApiProperty({ type: [UserViewDto] })
  readonly users!: readonly UserViewDto[];
}
