import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type AuthUser, type Role } from './auth-user';

/** The signed-in user as the API documents it, shared by the auth answers and the users' views. */
export class AuthUserDto implements AuthUser {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty()
  readonly username!: string;

  @ApiProperty({ format: 'email' })
  readonly email!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  readonly role!: Role;
}
