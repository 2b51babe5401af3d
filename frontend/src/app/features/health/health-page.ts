import { DatePipe, DecimalPipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { ViewState } from '../../shared/ui/view-state';
import { countsBy, duration, megabytes, milliseconds, mostBehind } from './health-figures';
import { HealthStore, REFRESH_EVERY_MS } from './health-store';
import { containerFigures, hostFigures } from './resource-figures';
import { ResourcePanel } from './resource-panel';

@Component({
  selector: 'ims-health-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, DecimalPipe, NgTemplateOutlet, MatButtonModule, MatCardModule, ResourcePanel, ViewState],
  providers: [HealthStore],
  templateUrl: './health-page.html',
  styleUrl: './health-page.scss',
})
export class HealthPage {
  protected readonly store = inject(HealthStore);
  protected readonly megabytes = megabytes;
  protected readonly milliseconds = milliseconds;
  protected readonly duration = duration;
  protected readonly refreshSeconds = REFRESH_EVERY_MS / 1000;

  protected readonly mostBehind = computed(() => mostBehind(this.store.system()?.projections ?? []));
  protected readonly commandOutcomes = computed(() => countsBy(this.store.system()?.traffic.commands ?? [], 'outcome'));
  protected readonly services = computed(() => {
    const services = this.store.services();
    return services?.available ? services : null;
  });
  protected readonly host = computed(() => {
    const host = this.store.resources()?.host;
    return host ? { ...host, figures: hostFigures(host.samples) } : null;
  });
  protected readonly containers = computed(() => {
    const containers = this.store.resources()?.containers;
    if (!containers) return null;
    return { ...containers, items: containers.items.map((item) => ({ ...item, figures: containerFigures(item.samples) })) };
  });
}
