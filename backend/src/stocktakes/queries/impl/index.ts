export { GetStocktakeQuery } from './get-stocktake.query';
export { ListStocktakesQuery } from './list-stocktakes.query';
export type * from './views';
