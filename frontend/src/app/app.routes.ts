import { Routes } from '@angular/router';
import { managerGuard, passwordChangeGuard, signedInGuard, signedOutGuard } from './core/auth/guards';

export const routes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in · IMS',
    canMatch: [signedOutGuard],
    loadComponent: () => import('./features/auth/sign-in-page').then((m) => m.SignInPage),
  },
  {
    path: 'register',
    title: 'Register · IMS',
    canMatch: [signedOutGuard],
    loadComponent: () => import('./features/auth/register-page').then((m) => m.RegisterPage),
  },
  {
    path: 'reset-password',
    title: 'Set a new password · IMS',
    canMatch: [signedOutGuard],
    loadComponent: () => import('./features/auth/reset-password-page').then((m) => m.ResetPasswordPage),
  },
  {
    path: 'forgot-password',
    title: 'Forgot your password? · IMS',
    canMatch: [signedOutGuard],
    loadComponent: () => import('./features/auth/forgot-password-page').then((m) => m.ForgotPasswordPage),
  },
  {
    path: 'change-password',
    title: 'Choose a new password · IMS',
    canMatch: [passwordChangeGuard],
    loadComponent: () => import('./features/account/forced-password-change-page').then((m) => m.ForcedPasswordChangePage),
  },
  {
    path: '',
    canMatch: [signedInGuard],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'Dashboard · IMS',
        loadComponent: () => import('./features/dashboard/dashboard-page').then((m) => m.DashboardPage),
      },
      { path: 'items', loadChildren: () => import('./features/items/items.routes').then((m) => m.ITEMS_ROUTES) },
      {
        path: 'movements',
        pathMatch: 'full',
        title: 'Movements · IMS',
        loadComponent: () => import('./features/movements/movement-list-page').then((m) => m.MovementListPage),
      },
      {
        path: 'movements/new',
        title: 'Record a movement · IMS',
        loadComponent: () => import('./features/movements/movement-page').then((m) => m.MovementPage),
      },
      {
        path: 'scan',
        title: 'Scan · IMS',
        loadComponent: () => import('./features/scan/scan-page').then((m) => m.ScanPage),
      },
      {
        path: 'alerts',
        title: 'Alerts · IMS',
        loadComponent: () => import('./features/alerts/alerts-page').then((m) => m.AlertsPage),
      },
      { path: 'stocktakes', loadChildren: () => import('./features/stocktakes/stocktakes.routes').then((m) => m.STOCKTAKES_ROUTES) },
      {
        path: 'locations',
        title: 'Locations · IMS',
        canMatch: [managerGuard],
        loadComponent: () => import('./features/locations/locations-page').then((m) => m.LocationsPage),
      },
      {
        path: 'webhooks',
        title: 'Webhooks · IMS',
        canMatch: [managerGuard],
        loadComponent: () => import('./features/webhooks/webhooks-page').then((m) => m.WebhooksPage),
      },
      {
        path: 'imports',
        title: 'Import · IMS',
        canMatch: [managerGuard],
        loadComponent: () => import('./features/imports/import-page').then((m) => m.ImportPage),
      },
      {
        path: 'audit',
        title: 'Audit · IMS',
        canMatch: [managerGuard],
        loadComponent: () => import('./features/audit/audit-page').then((m) => m.AuditPage),
      },
      {
        path: 'reports',
        title: 'Reports · IMS',
        canMatch: [managerGuard],
        loadComponent: () => import('./features/reports/reports-page').then((m) => m.ReportsPage),
      },
      {
        path: 'users',
        title: 'Users · IMS',
        canMatch: [managerGuard],
        loadComponent: () => import('./features/users/users-page').then((m) => m.UsersPage),
      },
      {
        path: 'health',
        title: 'System health · IMS',
        canMatch: [managerGuard],
        loadComponent: () => import('./features/health/health-page').then((m) => m.HealthPage),
      },
      {
        path: 'account',
        title: 'Your account · IMS',
        loadComponent: () => import('./features/account/account-page').then((m) => m.AccountPage),
      },
      {
        path: 'account/tokens',
        title: 'API tokens · IMS',
        loadComponent: () => import('./features/tokens/tokens-page').then((m) => m.TokensPage),
      },
      {
        path: 'forbidden',
        title: 'Not allowed · IMS',
        loadComponent: () => import('./core/layout/forbidden-page').then((m) => m.ForbiddenPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
