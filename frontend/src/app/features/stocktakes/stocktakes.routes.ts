import { Routes } from '@angular/router';

export const STOCKTAKES_ROUTES: Routes = [
  {
    path: '',
    title: 'Stocktakes · IMS',
    loadComponent: () => import('./stocktakes-page').then((m) => m.StocktakesPage),
  },
  {
    path: ':id',
    title: 'Stocktake · IMS',
    loadComponent: () => import('./stocktake-page').then((m) => m.StocktakePage),
  },
];
