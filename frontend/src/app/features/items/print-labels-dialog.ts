import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { ApiClient } from '../../core/api/api-client';
import type { LabelCode, LabelLayout } from '../../core/api/models';
import { saveBlob } from '../../shared/download';
import { LoadState } from '../../shared/load-state';

export interface PrintLabelsData {
  /** One label each, in this order. */
  readonly itemIds: readonly string[];
}

const LAYOUTS: readonly { readonly value: LabelLayout; readonly label: string }[] = [
  { value: 'letter-3x10', label: 'Letter sheet, 3 × 10 (Avery 5160)' },
  { value: 'a4-3x8', label: 'A4 sheet, 3 × 8 (Avery L7159)' },
  { value: 'roll-62x29', label: 'Roll, 62 × 29 mm, one label per page' },
];

/** The layout and the code the last labels were printed with: a shop uses one printer. */
const REMEMBERED = 'ims.labels';

function remembered(): { layout: LabelLayout; code: LabelCode } {
  const fallback = { layout: 'letter-3x10' as LabelLayout, code: 'qr' as LabelCode };
  try {
    const saved = JSON.parse(localStorage.getItem(REMEMBERED) ?? 'null') as Partial<typeof fallback> | null;
    const layout = LAYOUTS.find(({ value }) => value === saved?.layout)?.value ?? fallback.layout;
    return { layout, code: saved?.code === 'code128' ? 'code128' : fallback.code };
  } catch {
    return fallback;
  }
}

/** Prints labels of the selected items: choose a layout and a code, and the PDF downloads. */
@Component({
  selector: 'ims-print-labels-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatRadioModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>Print {{ data.itemIds.length }} {{ data.itemIds.length === 1 ? 'label' : 'labels' }}</h2>
    <form [formGroup]="form" (ngSubmit)="print()" novalidate>
      <mat-dialog-content>
        <mat-form-field>
          <mat-label>Layout</mat-label>
          <select matNativeControl formControlName="layout" data-testid="labels-layout">
            @for (layout of layouts; track layout.value) {
              <option [value]="layout.value">{{ layout.label }}</option>
            }
          </select>
        </mat-form-field>
        <mat-radio-group formControlName="code" aria-label="Code" class="codes">
          <mat-radio-button value="qr" data-testid="labels-code-qr">QR code</mat-radio-button>
          <mat-radio-button value="code128" data-testid="labels-code-code128">Code 128 barcode</mat-radio-button>
        </mat-radio-group>
        <p class="muted">Each label shows the item's barcode as a code (its SKU when it has none), its name and its SKU.</p>
        @if (download.error(); as message) {
          <p class="error-text" role="alert" data-testid="labels-error">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="labels-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="download.loading()" data-testid="labels-print">
          {{ download.loading() ? 'Preparing…' : 'Download PDF' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      width: 100%;
    }
    .codes {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
    }
    mat-radio-button,
    button {
      min-height: 44px;
    }
  `,
})
export class PrintLabelsDialog {
  protected readonly data = inject<PrintLabelsData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject(MatDialogRef<PrintLabelsDialog, boolean>);
  private readonly api = inject(ApiClient);
  protected readonly layouts = LAYOUTS;
  protected readonly download = new LoadState();
  protected readonly form = inject(NonNullableFormBuilder).group(remembered());

  protected print(): void {
    if (this.download.loading()) return;
    const choice = this.form.getRawValue();
    localStorage.setItem(REMEMBERED, JSON.stringify(choice));
    this.download.track(this.api.labels({ itemIds: this.data.itemIds, format: 'pdf', ...choice })).subscribe((pdf) => {
      saveBlob(pdf, `ims-labels-${choice.layout}.pdf`);
      this.dialogRef.close(true);
    });
  }
}
