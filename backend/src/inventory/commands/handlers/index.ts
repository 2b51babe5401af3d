import { AdjustStockHandler } from './adjust-stock.handler';
import { ArchiveItemHandler } from './archive-item.handler';
import { CreateItemHandler } from './create-item.handler';
import { IssueStockHandler } from './issue-stock.handler';
import { PreviewReversalHandler } from './preview-reversal.handler';
import { ReceiveStockHandler } from './receive-stock.handler';
import { RestoreItemHandler } from './restore-item.handler';
import { ReverseMovementHandler } from './reverse-movement.handler';
import { SetLocationThresholdHandler } from './set-location-threshold.handler';
import { TransferStockHandler } from './transfer-stock.handler';
import { UpdateItemHandler } from './update-item.handler';

export const CommandHandlers = [
  CreateItemHandler,
  UpdateItemHandler,
  ArchiveItemHandler,
  RestoreItemHandler,
  ReceiveStockHandler,
  IssueStockHandler,
  AdjustStockHandler,
  SetLocationThresholdHandler,
  TransferStockHandler,
  ReverseMovementHandler,
  PreviewReversalHandler,
];
