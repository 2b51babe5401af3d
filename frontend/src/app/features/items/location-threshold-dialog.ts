import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ApiClient } from '../../core/api/api-client';
import type { Item, ItemDetail, StockLocation } from '../../core/api/models';
import { applyProblem, errorMessage, problemKind, toProblem } from '../../shared/forms/problem-details';

export interface LocationThresholdData {
  readonly item: ItemDetail;
  /** The location whose threshold is edited; absent: the manager chooses one of `choices`. */
  readonly location?: { readonly id: string; readonly code: string; readonly threshold: number | null };
  readonly choices: readonly StockLocation[];
}

/** A manager's low-stock threshold for one item at one location: a whole number, or empty to remove it. */
@Component({
  selector: 'ims-location-threshold-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>Low-stock threshold of {{ data.item.sku }}{{ data.location ? ' at ' + data.location.code : '' }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        @if (!data.location) {
          <mat-form-field>
            <mat-label>Location</mat-label>
            <select matNativeControl formControlName="locationId" data-testid="threshold-location">
              @for (location of data.choices; track location.id) {
                <option [value]="location.id">{{ location.code }} — {{ location.name }}</option>
              }
            </select>
          </mat-form-field>
        }
        <mat-form-field>
          <mat-label>Threshold ({{ data.item.unit }})</mat-label>
          <input matInput type="number" min="0" step="1" formControlName="threshold" data-testid="threshold-value" />
          <mat-hint>Low at or below this many units there; empty removes it</mat-hint>
          <mat-error>{{ errorMessage(form.controls.threshold) }}</mat-error>
        </mat-form-field>
        @if (error(); as message) {
          <p class="error-text" role="alert" data-testid="threshold-error">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="threshold-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="submitting()" data-testid="threshold-save">Save</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      width: 100%;
    }
  `,
})
export class LocationThresholdDialog {
  protected readonly data = inject<LocationThresholdData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject(MatDialogRef<LocationThresholdDialog, Item>);
  private readonly api = inject(ApiClient);
  protected readonly errorMessage = errorMessage;
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    locationId: [this.data.location?.id ?? this.data.choices[0]?.id ?? '', Validators.required],
    threshold: new FormControl<number | null>(this.data.location?.threshold ?? null, [Validators.min(0), Validators.pattern(/^\d+$/)]),
  });

  protected submit(): void {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    const { locationId, threshold } = this.form.getRawValue();
    this.submitting.set(true);
    this.error.set(null);
    this.api.setLocationThreshold(this.data.item.id, locationId, { lowStockThreshold: threshold }, this.data.item.version).subscribe({
      next: (item) => this.dialogRef.close(item),
      error: (error: unknown) => {
        this.submitting.set(false);
        const problem = toProblem(error);
        this.error.set(
          problemKind(problem) === 'conflict'
            ? 'Someone changed this item meanwhile: close this, check the figures now shown, and set the threshold again.'
            : applyProblem(this.form, problem),
        );
      },
    });
  }
}
