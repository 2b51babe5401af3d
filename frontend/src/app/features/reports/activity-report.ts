import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { ViewState } from '../../shared/ui/view-state';
import { ActivityChart } from './activity-chart';
import { ReportsStore, type ActivityBucketSize } from './reports-store';

/** The Activity tab: movements per day or week, and the items that moved most. */
@Component({
  selector: 'ims-activity-report',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatButtonToggleModule, ViewState, ActivityChart],
  templateUrl: './activity-report.html',
  styleUrl: './report.scss',
})
export class ActivityReport {
  protected readonly store = inject(ReportsStore);

  protected chooseBucket(bucket: ActivityBucketSize): void {
    this.store.activityBucket.set(bucket);
    this.store.loadActivity();
  }
}
