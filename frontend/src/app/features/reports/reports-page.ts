import { CurrencyPipe, DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import { LocationsStore } from '../../core/locations/locations-store';
import { ViewState } from '../../shared/ui/view-state';
import { ActivityChart } from './activity-chart';
import { ReportsStore, type ActivityBucketSize } from './reports-store';

/** The tabs in order; each report is fetched when its tab is first opened. */
const TABS = ['reorder', 'valuation', 'activity'] as const;

@Component({
  selector: 'ims-reports-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CurrencyPipe,
    DatePipe,
    DecimalPipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTabsModule,
    ViewState,
    ActivityChart,
  ],
  providers: [ReportsStore],
  templateUrl: './reports-page.html',
  styleUrl: './reports-page.scss',
})
export class ReportsPage implements OnInit {
  protected readonly store = inject(ReportsStore);
  protected readonly locations = inject(LocationsStore);
  protected readonly tab = signal(0);
  private readonly opened = new Set<number>();

  ngOnInit(): void {
    this.locations.ensureLoaded();
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

  protected chooseDay(day: string): void {
    if (!day) return;
    this.store.valuationDay.set(day);
    this.store.loadValuation();
  }

  protected chooseLocation(locationId: string): void {
    this.store.valuationLocation.set(locationId);
    this.store.loadValuation();
  }

  protected chooseBucket(bucket: ActivityBucketSize): void {
    this.store.activityBucket.set(bucket);
    this.store.loadActivity();
  }
}
