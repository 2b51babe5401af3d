import { ApiProperty } from '@nestjs/swagger';
import { IsByteLength, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../auth/auth-user';
import { PASSWORD_BYTES } from './passwords';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/;
const USERNAME_RULE = 'username must be 3 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit';
const PASSWORD_RULE = `password must be ${PASSWORD_BYTES.min} to ${PASSWORD_BYTES.max} bytes long`;

export class NewUserDto {
  @ApiProperty({ pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: USERNAME_RULE })
  readonly username!: string;

  @ApiProperty({ format: 'email', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  readonly email!: string;

  @ApiProperty({ description: `${PASSWORD_BYTES.min} to ${PASSWORD_BYTES.max} bytes` })
  @IsString()
  @IsByteLength(PASSWORD_BYTES.min, PASSWORD_BYTES.max, { message: PASSWORD_RULE })
  readonly password!: string;
}

export class RegisterDto extends NewUserDto {
  /** Accepted and ignored: self-registration always creates `staff`. */
  @ApiProperty({ required: false, enum: ROLES, description: 'Ignored: self-registration always creates staff' })
  @IsOptional()
  @IsIn(ROLES)
  readonly role?: Role;
}

export class CreateUserDto extends NewUserDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  readonly role!: Role;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  readonly role!: Role;
}
