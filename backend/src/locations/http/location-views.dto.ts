import { ApiProperty } from '@nestjs/swagger';
import { PositionedDto } from '../../web';
import type { LocationView } from '../queries/impl/views';

export class LocationViewDto implements LocationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'VAN-1' })
  code!: string;

  @ApiProperty({ example: 'Van one' })
  name!: string;

  @ApiProperty()
  archived!: boolean;
}

export class PositionedLocationDto extends PositionedDto(LocationViewDto) {}
