import { DatePipe, DecimalPipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { countsBy, duration, megabytes, milliseconds, mostBehind } from './health-figures';
import { HealthStore } from './health-store';

@Component({
  selector: 'ims-health-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, DecimalPipe, NgTemplateOutlet, MatButtonModule, MatCardModule],
  providers: [HealthStore],
  templateUrl: './health-page.html',
  styleUrl: './health-page.scss',
})
export class HealthPage {
  protected readonly store = inject(HealthStore);
  protected readonly megabytes = megabytes;
  protected readonly milliseconds = milliseconds;
  protected readonly duration = duration;

  protected readonly mostBehind = computed(() => mostBehind(this.store.system()?.projections ?? []));
  protected readonly commandOutcomes = computed(() => countsBy(this.store.system()?.traffic.commands ?? [], 'outcome'));
  protected readonly services = computed(() => {
    const services = this.store.services();
    return services?.available ? services : null;
  });
}
