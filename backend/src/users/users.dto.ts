import { ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { ROLES, type Role } from '../access';
import { passwordProblem } from './passwords';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/;
const USERNAME_RULE = 'username must be 3 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit';

const refusalOf = (args: ValidationArguments | undefined) => {
  if (!args) return 'must be a string';
  const { username } = args.object as { username?: unknown };
  return typeof args.value === 'string' ? passwordProblem(args.value, typeof username === 'string' ? username : '') : 'must be a string';
};

/** `passwordProblem`'s rule, judged against the username sent in the same body. */
const IsAcceptablePassword = () =>
  ValidateBy({
    name: 'isAcceptablePassword',
    validator: {
      validate: (_value, args) => refusalOf(args) === undefined,
      defaultMessage: (args) => `${args?.property ?? 'password'} ${refusalOf(args) ?? ''}`,
    },
  });

class NewUserDto {
  @ApiProperty({ pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: USERNAME_RULE })
  readonly username!: string;

  @ApiProperty({ format: 'email', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  readonly email!: string;

  @ApiProperty({
    required: false,
    description: '8 to 72 bytes; not a common password and not containing the username. Required but for a service account',
  })
  @ValidateIf((user: { service?: unknown }) => user.service !== true)
  @IsAcceptablePassword()
  readonly password!: string;
}

export class RegisterDto extends NewUserDto {
  @ApiProperty({ required: true, description: '8 to 72 bytes; not a common password and not containing the username' })
  declare readonly password: string;

  /** Accepted and ignored: self-registration always creates `staff`. */
  @ApiProperty({ required: false, enum: ROLES, enumName: 'Role', description: 'Ignored: self-registration always creates staff' })
  @IsOptional()
  @IsIn(ROLES)
  readonly role?: Role;
}

export class CreateUserDto extends NewUserDto {
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  readonly role!: Role;

  @ApiProperty({
    required: false,
    description: 'true: a service account, for scripts: no password (none is kept), never signs in; a manager makes its API tokens',
  })
  @IsOptional()
  @IsBoolean({ message: 'service must be true or false' })
  readonly service?: boolean;
}

export class UpdateUserDto {
  @ApiProperty({ required: false, enum: ROLES, enumName: 'Role' })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  readonly role?: Role;

  @ApiProperty({ required: false, description: 'false deactivates (every token, session and socket refused at once); true reactivates' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  readonly active?: boolean;
}

export const RESET_DELIVERIES = ['temporary', 'email'] as const;
export type ResetDelivery = (typeof RESET_DELIVERIES)[number];

export class PasswordResetDto {
  @ApiProperty({
    required: false,
    enum: RESET_DELIVERIES,
    description: '`temporary` (the default): a temporary password in the answer; `email`: a one-time link emailed to the user',
  })
  @IsOptional()
  @IsIn(RESET_DELIVERIES, { message: `delivery must be one of ${RESET_DELIVERIES.join(', ')}` })
  readonly delivery?: ResetDelivery;
}
