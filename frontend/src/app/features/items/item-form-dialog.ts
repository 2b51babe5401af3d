import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Observable } from 'rxjs';
import type { Item, ItemFields } from '../../core/api/models';
import { applyProblem, errorMessage, toProblem } from '../../shared/forms/problem-details';
import type { ItemsStore } from './items-store';

export interface ItemFormData {
  readonly store: ItemsStore;
  /** Absent when creating. */
  readonly item?: Item;
}

/** The editable fields that differ from the item's, so a PATCH carries only what the manager changed. */
export function changedFields(item: ItemFields, fields: ItemFields): Partial<ItemFields> {
  return Object.fromEntries(
    (Object.keys(fields) as (keyof ItemFields)[]).filter((key) => fields[key] !== item[key]).map((key) => [key, fields[key]]),
  );
}

@Component({
  selector: 'ims-item-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  templateUrl: './item-form-dialog.html',
})
export class ItemFormDialog {
  private readonly data = inject<ItemFormData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject(MatDialogRef<ItemFormDialog, Item>);
  protected readonly editing = this.data.item;
  protected readonly errorMessage = errorMessage;
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    sku: [this.editing?.sku ?? '', Validators.required],
    name: [this.editing?.name ?? '', Validators.required],
    description: [this.editing?.description ?? ''],
    unit: [this.editing?.unit ?? 'pcs'],
    lowStockThreshold: [this.editing?.lowStockThreshold ?? 0, [Validators.required, Validators.min(0)]],
    price: new FormControl<number | null>(this.editing?.price ?? null, Validators.min(0)),
    quantity: [0, [Validators.required, Validators.min(0)]],
  });

  protected submit(): void {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    const { quantity, ...value } = this.form.getRawValue();
    const fields: ItemFields = { ...value, price: value.price ?? null };
    const changes = this.editing ? changedFields(this.editing, fields) : {};
    if (this.editing && Object.keys(changes).length === 0) {
      this.dialogRef.close(this.editing);
      return;
    }
    const request: Observable<Item> = this.editing
      ? this.data.store.update(this.editing, changes)
      : this.data.store.create({ ...fields, quantity });
    this.submitting.set(true);
    this.error.set(null);
    request.subscribe({
      next: (item) => this.dialogRef.close(item),
      error: (error: unknown) => {
        this.submitting.set(false);
        this.error.set(applyProblem(this.form, toProblem(error)));
      },
    });
  }
}
