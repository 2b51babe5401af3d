import type { IsActiveMatchOptions } from '@angular/router';

/** The app's main destinations, in the order the toolbar and the phone menu list them. */
export interface NavLink {
  readonly path: string;
  readonly label: string;
  readonly testId: string;
  /** How the link knows it is the current page: filters in the query never change that. */
  readonly match: IsActiveMatchOptions;
  readonly managerOnly: boolean;
  /** Where the toolbar shows it: the floor's daily pages in the bar, the managers' settings and records under Manage. */
  readonly group: 'daily' | 'manage';
}

const matching = (paths: IsActiveMatchOptions['paths']): IsActiveMatchOptions => ({
  paths,
  queryParams: 'ignored',
  matrixParams: 'ignored',
  fragment: 'ignored',
});

/** '/' and '/movements' are prefixes of other pages, so they are the current page only on their exact path. */
const link = (path: string, label: string, testId: string, options: { exact?: boolean; managerOnly?: boolean } = {}): NavLink => ({
  path,
  label,
  testId,
  match: matching(options.exact ? 'exact' : 'subset'),
  managerOnly: options.managerOnly ?? false,
  group: 'daily',
});

const managing = (path: string, label: string, testId: string): NavLink => ({
  ...link(path, label, testId),
  managerOnly: true,
  group: 'manage',
});

export const NAV_LINKS: readonly NavLink[] = [
  link('/', 'Dashboard', 'dashboard', { exact: true }),
  link('/items', 'Items', 'items'),
  link('/movements', 'Movements', 'movements', { exact: true }),
  link('/movements/new', 'Record movement', 'movement'),
  link('/scan', 'Scan', 'scan'),
  link('/stocktakes', 'Stocktakes', 'stocktakes'),
  link('/alerts', 'Alerts', 'alerts'),
  managing('/locations', 'Locations', 'locations'),
  managing('/imports', 'Import', 'imports'),
  managing('/reports', 'Reports', 'reports'),
  managing('/webhooks', 'Webhooks', 'webhooks'),
  managing('/audit', 'Audit', 'audit'),
  managing('/users', 'Users', 'users'),
  managing('/health', 'System health', 'health'),
];
