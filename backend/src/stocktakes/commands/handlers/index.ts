import { CountLineHandler } from './count-line.handler';
import { OpenStocktakeHandler } from './open-stocktake.handler';
import { PostStocktakeHandler } from './post-stocktake.handler';

export const CommandHandlers = [OpenStocktakeHandler, CountLineHandler, PostStocktakeHandler];
