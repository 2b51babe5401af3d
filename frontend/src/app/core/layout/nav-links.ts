import type { IsActiveMatchOptions } from '@angular/router';

/** The app's main destinations, in the order the toolbar and the phone menu list them. */
export interface NavLink {
  readonly path: string;
  readonly label: string;
  readonly testId: string;
  /** How the link knows it is the current page: filters in the query never change that. */
  readonly match: IsActiveMatchOptions;
  readonly managerOnly: boolean;
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
});

export const NAV_LINKS: readonly NavLink[] = [
  link('/', 'Dashboard', 'dashboard', { exact: true }),
  link('/items', 'Items', 'items'),
  link('/movements', 'Movements', 'movements', { exact: true }),
  link('/movements/new', 'Record movement', 'movement'),
  link('/scan', 'Scan', 'scan'),
  link('/alerts', 'Alerts', 'alerts'),
  link('/locations', 'Locations', 'locations', { managerOnly: true }),
  link('/audit', 'Audit', 'audit', { managerOnly: true }),
  link('/users', 'Users', 'users', { managerOnly: true }),
  link('/health', 'System health', 'health', { managerOnly: true }),
];
