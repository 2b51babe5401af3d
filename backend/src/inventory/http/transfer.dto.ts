import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Amount, Present, Reason } from './item-fields';

export class TransferDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  itemId!: string;

  @ApiProperty({ format: 'uuid', description: 'Where the units are taken from' })
  @IsUUID()
  fromLocationId!: string;

  @ApiProperty({ format: 'uuid', description: 'Where the units go; another location than the source' })
  @IsUUID()
  toLocationId!: string;

  @Amount(true, 1, 'Units moved (at least 1)')
  quantity!: number;

  @Present()
  @Reason()
  reason?: string;
}
