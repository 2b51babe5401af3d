export { ArchiveLocationCommand } from './archive-location.command';
export { CreateLocationCommand } from './create-location.command';
export { RenameLocationCommand } from './rename-location.command';
