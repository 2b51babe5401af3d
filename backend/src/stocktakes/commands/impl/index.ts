export { CountLineCommand } from './count-line.command';
export { OpenStocktakeCommand } from './open-stocktake.command';
export { PostStocktakeCommand } from './post-stocktake.command';
