import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Observable } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { RecordedMovement, ReversalPreview, User } from '../../core/api/models';
import { LocationsStore } from '../../core/locations/locations-store';
import { errorMessage, problemKind, toProblem } from '../../shared/forms/problem-details';
import { IdempotencyKeys } from './idempotency-keys';

export interface ReversibleMovement {
  readonly id: string;
  readonly user?: { readonly id: string } | null;
  readonly reverses?: string;
  readonly reversedBy?: string;
}

/** Staff reverse what they recorded, managers anything; a correction and a reversed movement are not reversed again. */
export const mayReverse = (movement: ReversibleMovement, me: User | null, isManager: boolean): boolean =>
  !movement.reverses && !movement.reversedBy && (isManager || (me !== null && movement.user?.id === me.id));

export interface ReverseDialogData {
  readonly movementId: string;
  /** What is reversed, in words: "OUT of 3 BOLT-10". */
  readonly summary: string;
}

/** Why the movement cannot be reversed, in the floor's words. */
function refusal(error: unknown): string {
  const problem = toProblem(error);
  switch (problemKind(problem)) {
    case 'already-reversed':
      return 'This movement has already been reversed.';
    case 'insufficient-stock':
      return `Not enough stock is left to reverse this (${problem.detail}).`;
    case 'reversal-not-reversible':
      return 'This is itself a reversal: record the movement again instead.';
    case 'forbidden':
      return 'Only a manager may reverse a movement someone else recorded.';
    default:
      return problem.detail;
  }
}

/** The reason the preview is asked with: the API wants one, and a preview writes nothing. */
const PREVIEW_REASON = 'preview';

/** Reverse one movement: what it would change at each location first (a dry run), then the reason and the reversal. */
@Component({
  selector: 'ims-reverse-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>Reverse {{ data.summary }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        @if (preview(); as change) {
          <table class="plain preview" data-testid="reverse-preview">
            <caption>
              What the reversal changes
            </caption>
            <thead>
              <tr>
                <th scope="col">Location</th>
                <th scope="col" class="num">Now → after</th>
              </tr>
            </thead>
            <tbody>
              @for (location of change.locations; track location.locationId) {
                <tr data-testid="reverse-preview-location">
                  <th scope="row">{{ codeOf(location.locationId) }}</th>
                  <td class="num">{{ location.quantityBefore }} → {{ location.quantityAfter }}</td>
                </tr>
              }
              <tr data-testid="reverse-preview-total">
                <th scope="row">Total</th>
                <td class="num">{{ change.quantityBefore }} → {{ change.quantityAfter }}</td>
              </tr>
            </tbody>
          </table>
        } @else if (!error()) {
          <p class="muted" data-testid="reverse-preview-loading">Working out what changes…</p>
        }
        <mat-form-field>
          <mat-label>Reason</mat-label>
          <input matInput formControlName="reason" maxlength="500" data-testid="reverse-reason" />
          <mat-error>{{ errorMessage(form.controls.reason) }}</mat-error>
        </mat-form-field>
        @if (error(); as message) {
          <p class="error-text" role="alert" data-testid="reverse-error">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="reverse-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="!preview() || submitting()" data-testid="reverse-submit">Reverse</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field,
    .preview {
      width: 100%;
    }
    .preview {
      margin-bottom: 1rem;
    }
    .preview caption {
      text-align: start;
      font-weight: 500;
      padding-bottom: 0.25rem;
    }
    .preview th[scope='row'] {
      text-align: start;
      font-weight: normal;
    }
    mat-dialog-actions button {
      min-height: 44px;
    }
  `,
})
class ReverseDialog {
  protected readonly data = inject<ReverseDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject(MatDialogRef<ReverseDialog, RecordedMovement>);
  private readonly api = inject(ApiClient);
  private readonly locations = inject(LocationsStore);
  private readonly keys = new IdempotencyKeys();
  protected readonly errorMessage = errorMessage;
  protected readonly preview = signal<ReversalPreview | null>(null);
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(500)]],
  });

  constructor() {
    this.locations.ensureLoaded();
    this.api.previewReversal(this.data.movementId, PREVIEW_REASON).subscribe({
      next: (preview) => this.preview.set(preview),
      error: (error: unknown) => this.error.set(refusal(error)),
    });
  }

  protected codeOf(locationId: string): string {
    return this.locations.find(locationId)?.code ?? '…';
  }

  protected submit(): void {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    const { reason } = this.form.getRawValue();
    this.submitting.set(true);
    this.error.set(null);
    this.api.reverseMovement(this.data.movementId, reason, this.keys.keyFor({ id: this.data.movementId, reason })).subscribe({
      next: (reversal) => this.dialogRef.close(reversal),
      error: (error: unknown) => {
        this.keys.settle();
        this.submitting.set(false);
        this.error.set(refusal(error));
      },
    });
  }
}

/** Opens the dialog; emits the correction once the movement is reversed, nothing when it is cancelled. */
export function reverseMovement(dialog: MatDialog, data: ReverseDialogData): Observable<RecordedMovement | undefined> {
  return dialog
    .open<ReverseDialog, ReverseDialogData, RecordedMovement>(ReverseDialog, { data, ariaLabel: `Reverse ${data.summary}` })
    .afterClosed();
}
