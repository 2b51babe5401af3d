import { Module } from '@nestjs/common';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { ItemCatalogue } from './item-catalogue';
import { ItemsExport } from './items-export';
import { ItemsExportController } from './items-export.controller';

/**
 * Spreadsheets in and out (issue 21): a previewed import kept under its id until applied in one
 * multi-stream append, and the items export that re-imports unchanged. Decides with the inventory's
 * own rules (its exported decide), so an import accepts exactly what the API would.
 */
@Module({
  controllers: [ImportsController, ItemsExportController],
  providers: [ImportsService, ImportsRepository, ItemCatalogue, ItemsExport],
})
export class ImportsModule {}
