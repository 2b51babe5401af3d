import { ArchiveLocationHandler } from './archive-location.handler';
import { CreateLocationHandler } from './create-location.handler';
import { RenameLocationHandler } from './rename-location.handler';

export const CommandHandlers = [CreateLocationHandler, RenameLocationHandler, ArchiveLocationHandler];
