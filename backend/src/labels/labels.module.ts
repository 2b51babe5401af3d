import { Module } from '@nestjs/common';
import { LabelsController } from './labels.controller';

/** Printable item labels (GET /api/labels), drawn from the items read model through the QueryBus. */
@Module({ controllers: [LabelsController] })
export class LabelsModule {}
