import { CurrencyPipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ViewState } from '../../shared/ui/view-state';
import { ReportsStore } from './reports-store';

/** The Reorder tab: items at or below their reorder point, with what to order. */
@Component({
  selector: 'ims-reorder-report',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CurrencyPipe, DecimalPipe, MatButtonModule, ViewState],
  templateUrl: './reorder-report.html',
  styleUrl: './report.scss',
})
export class ReorderReport {
  protected readonly store = inject(ReportsStore);
}
