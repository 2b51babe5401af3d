import { DatePipe } from '@angular/common';
import { Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import type { DockerService, LogLine } from '../../core/api/models';
import { KeyValueList, flatten } from '../../shared/ui/key-value-list';
import { RecordTable } from '../../shared/ui/record-table';
import { HealthStore } from './health-store';

/** A log line as text: the API may send plain lines or `{timestamp, message}`-like objects. */
export function logText(line: LogLine): string {
  if (typeof line === 'string') return line;
  const time = line['timestamp'] ?? line['time'] ?? line['at'];
  const text = line['message'] ?? line['line'] ?? line['text'];
  return text === undefined ? JSON.stringify(line) : `${time === undefined ? '' : `${String(time)} `}${String(text)}`;
}

@Component({
  selector: 'ims-health-page',
  imports: [DatePipe, MatButtonModule, MatCardModule, KeyValueList, RecordTable],
  providers: [HealthStore],
  templateUrl: './health-page.html',
  styleUrl: './health-page.scss',
})
export class HealthPage {
  protected readonly store = inject(HealthStore);
  protected readonly logText = logText;

  protected readonly projections = computed(() => {
    const projections = this.store.system()?.['projections'];
    return Array.isArray(projections) ? (projections as readonly unknown[]) : [];
  });

  protected readonly serviceList = computed<readonly DockerService[]>(() => {
    const services = this.store.services();
    return [...(services?.services ?? []), ...(services?.containers ?? [])];
  });

  protected details(service: DockerService): string {
    return flatten(service)
      .filter((entry) => entry.key !== 'name')
      .map((entry) => `${entry.key}: ${entry.value}`)
      .join(' · ');
  }
}
