import { Routes } from '@angular/router';

export const ITEMS_ROUTES: Routes = [
  {
    path: '',
    title: 'Items · IMS',
    loadComponent: () => import('./items-page').then((m) => m.ItemsPage),
  },
  {
    path: ':id',
    title: 'Item · IMS',
    loadComponent: () => import('./item-detail-page').then((m) => m.ItemDetailPage),
  },
];
