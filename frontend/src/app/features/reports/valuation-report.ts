import { CurrencyPipe, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { LocationsStore } from '../../core/locations/locations-store';
import { ViewState } from '../../shared/ui/view-state';
import { ReportsStore } from './reports-store';

/** The Valuation tab: the stock's value at the end of a day, by location. */
@Component({
  selector: 'ims-valuation-report',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CurrencyPipe, DatePipe, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, ViewState],
  templateUrl: './valuation-report.html',
  styleUrl: './report.scss',
})
export class ValuationReport implements OnInit {
  protected readonly store = inject(ReportsStore);
  protected readonly locations = inject(LocationsStore);

  ngOnInit(): void {
    this.locations.ensureLoaded();
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
}
