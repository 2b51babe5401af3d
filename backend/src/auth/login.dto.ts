import { IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @IsString()
  @MaxLength(100)
  readonly username!: string;

  @IsString()
  @MaxLength(200)
  readonly password!: string;
}
