import { IsString, MaxLength } from 'class-validator';

/** The new password's rule needs the username, so the service judges it (`passwordProblem`). */
export class ChangePasswordDto {
  @IsString()
  @MaxLength(200)
  readonly currentPassword!: string;

  @IsString()
  @MaxLength(200)
  readonly newPassword!: string;
}
