import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { ImportKind, ImportRowPreview } from '../../core/api/models';
import { ImportStore, SHOWN_ROWS, type RowFilter } from './import-store';

const ACTION_LABELS: Record<ImportRowPreview['action'], string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  error: 'Error',
};

@Component({
  selector: 'ims-import-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatButtonToggleModule, MatProgressBarModule],
  templateUrl: './import-page.html',
  styleUrl: './import-page.scss',
})
export class ImportPage {
  protected readonly store = inject(ImportStore);
  protected readonly shownRows = SHOWN_ROWS;
  protected readonly actionLabels = ACTION_LABELS;

  protected chooseKind(kind: ImportKind): void {
    this.store.chooseKind(kind);
  }

  protected chooseFilter(filter: RowFilter): void {
    this.store.filter.set(filter);
  }

  protected upload(input: HTMLInputElement): void {
    const file = input.files?.[0];
    if (file) this.store.upload(file);
    // The same file may be chosen again after it was fixed.
    input.value = '';
  }
}
