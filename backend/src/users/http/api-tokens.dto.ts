import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateBy } from 'class-validator';
import { ROLES, type Role } from '../../access';
import { ZonedDateTime } from '../../common';
import type { ApiTokenView } from '../api-tokens';

const NAME_CHARACTERS = 100;

/** A date-time still to come: a token born expired would be a mistake, not a wish. */
const IsInTheFuture = () =>
  ValidateBy({
    name: 'isInTheFuture',
    validator: {
      validate: (value) => typeof value === 'string' && Date.parse(value) > Date.now(),
      defaultMessage: (args) => `${args?.property ?? 'expiresAt'} must be in the future`,
    },
  });

export class CreateApiTokenDto {
  @ApiProperty({ maxLength: NAME_CHARACTERS, description: 'What the token is for, e.g. "stock sync script"' })
  @IsString({ message: 'name must be a string' })
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(NAME_CHARACTERS, { message: `name must be at most ${NAME_CHARACTERS} characters` })
  readonly name!: string;

  @ApiProperty({ required: false, enum: ROLES, enumName: 'Role', description: "No higher than the creator's; their role by default" })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  readonly role?: Role;

  @ApiProperty({ required: false, description: 'true: the token may only read (GET); every other call is refused with 403' })
  @IsOptional()
  @IsBoolean({ message: 'readOnly must be true or false' })
  readonly readOnly?: boolean;

  @ApiProperty({ required: false, format: 'date-time', description: 'When the token stops working; never, if absent' })
  @IsOptional()
  @ZonedDateTime('expiresAt')
  @IsInTheFuture()
  readonly expiresAt?: string;

  @ApiProperty({ required: false, format: 'uuid', description: "A service account's id (managers only): the token is made for it" })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  readonly userId?: string;
}

export class ApiTokenViewDto implements ApiTokenView {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', description: 'The most it may do; never more than its user may at the time' })
  readonly role!: Role;

  @ApiProperty()
  readonly readOnly!: boolean;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  readonly expiresAt!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Updated at most about once a minute' })
  readonly lastUsedAt!: string | null;
}

export class CreatedApiTokenDto extends ApiTokenViewDto {
  @ApiProperty({ description: 'The secret (`ims_pat_…`): shown this once, kept only as a hash' })
  readonly token!: string;
}

export class ApiTokenListDto {
  @ApiProperty({ type: [ApiTokenViewDto] })
  readonly tokens!: readonly ApiTokenViewDto[];
}
