import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const MAX_TAIL = 1000;

export class LogsQuery {
  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: MAX_TAIL, default: 100, description: 'The last lines to answer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TAIL)
  readonly tail: number = 100;
}
