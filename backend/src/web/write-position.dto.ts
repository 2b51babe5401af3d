import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';
import { POSITION_HEADER } from './write-position';

class WritePositionDto {
  @ApiProperty({
    type: 'integer',
    description: `The global position of the write's last event, also sent as \`${POSITION_HEADER}\`: send it as \`X-Min-Position\` to read the write`,
  })
  readonly position!: number;
}

/** A `Positioned` write answer as documented: the answer's own schema plus `position`. */
export const PositionedDto = <T>(answer: Type<T>) => IntersectionType(answer, WritePositionDto);
