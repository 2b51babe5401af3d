import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { ActivityReport } from './activity-report';
import { ReorderReport } from './reorder-report';
import { ReportsStore } from './reports-store';
import { ValuationReport } from './valuation-report';

/** The tabs in order; each report is fetched when its tab is first opened. */
const TABS = ['reorder', 'valuation', 'activity'] as const;

@Component({
  selector: 'ims-reports-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTabsModule, ReorderReport, ValuationReport, ActivityReport],
  providers: [ReportsStore],
  templateUrl: './reports-page.html',
  styleUrl: './reports-page.scss',
})
export class ReportsPage implements OnInit {
  protected readonly store = inject(ReportsStore);
  protected readonly tab = signal(0);
  private readonly opened = new Set<number>();

  ngOnInit(): void {
    this.open(0);
  }

  protected open(index: number): void {
    this.tab.set(index);
    if (this.opened.has(index)) return;
    this.opened.add(index);
    const tab = TABS[index];
    if (tab === 'reorder') this.store.loadReorder();
    if (tab === 'valuation') this.store.loadValuation();
    if (tab === 'activity') this.store.loadActivity();
  }
}
