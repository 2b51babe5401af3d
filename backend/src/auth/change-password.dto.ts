import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** The new password's rule needs the username, so the service judges it (`passwordProblem`). */
export class ChangePasswordDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(200)
  readonly currentPassword!: string;

  @ApiProperty({ maxLength: 200, description: '8 to 72 bytes; not a common password and not containing the username' })
  @IsString()
  @MaxLength(200)
  readonly newPassword!: string;
}

export class SetPasswordWithLinkDto {
  @ApiProperty({ maxLength: 200, description: "The `token` of the emailed link's query" })
  @IsString()
  @MaxLength(200)
  readonly token!: string;

  @ApiProperty({ maxLength: 200, description: '8 to 72 bytes; not a common password and not containing the username' })
  @IsString()
  @MaxLength(200)
  readonly newPassword!: string;
}

export class ResetRequestDto {
  @ApiProperty({ maxLength: 254, description: 'The username or the email address of the account' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  readonly login!: string;
}
