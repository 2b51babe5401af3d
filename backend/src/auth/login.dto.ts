import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MaxLength(100)
  readonly username!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(200)
  readonly password!: string;
}
