import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { map, retry, type Observable } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { Item, ItemFields } from '../../core/api/models';
import { applyProblem, errorMessage, problemKind, toProblem, type Problem } from '../../shared/forms/problem-details';
import type { ItemsStore } from './items-store';

export interface ItemFormData {
  readonly store: ItemsStore;
  /** Absent when creating. */
  readonly item?: Item;
}

const FIELD_LABELS: Record<keyof ItemFields, string> = {
  sku: 'SKU',
  name: 'Name',
  description: 'Description',
  unit: 'Unit',
  lowStockThreshold: 'Low-stock threshold',
  price: 'Unit price',
  barcode: 'Barcode',
};
const FIELDS = Object.keys(FIELD_LABELS) as (keyof ItemFields)[];

/** The editable fields that differ from the item's, so a PATCH carries only what the manager changed. */
export function changedFields(item: ItemFields, fields: ItemFields): Partial<ItemFields> {
  return Object.fromEntries(FIELDS.filter((key) => fields[key] !== item[key]).map((key) => [key, fields[key]]));
}

interface FieldDifference {
  readonly field: keyof ItemFields;
  readonly label: string;
  readonly theirs: ItemFields[keyof ItemFields];
  readonly mine: ItemFields[keyof ItemFields];
}

/** Each field where the item as someone else saved it differs from the form as I filled it in. */
function fieldDifferences(theirs: ItemFields, mine: ItemFields): FieldDifference[] {
  return FIELDS.filter((field) => theirs[field] !== mine[field]).map((field) => ({
    field,
    label: FIELD_LABELS[field],
    theirs: theirs[field],
    mine: mine[field],
  }));
}

/** Someone saved the item since it was opened: their version, and where it and my form differ. */
interface EditConflict {
  readonly latest: Item;
  readonly differences: readonly FieldDifference[];
}

/** A refusal of a stale `If-Match`: a conflict that names the version the item is at. */
const staleVersion = (problem: Problem): number | undefined => {
  const current = (problem as Problem & { currentVersion?: unknown }).currentVersion;
  return problemKind(problem) === 'conflict' && typeof current === 'number' ? current : undefined;
};

@Component({
  selector: 'ims-item-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  templateUrl: './item-form-dialog.html',
  styleUrl: './item-form-dialog.scss',
})
export class ItemFormDialog {
  private readonly data = inject<ItemFormData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject(MatDialogRef<ItemFormDialog, Item>);
  private readonly api = inject(ApiClient);
  /** The version being edited: the one opened, or the one reloaded after a conflict. */
  protected readonly editing = signal(this.data.item);
  protected readonly errorMessage = errorMessage;
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly conflict = signal<EditConflict | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    sku: [this.data.item?.sku ?? '', Validators.required],
    name: [this.data.item?.name ?? '', Validators.required],
    description: [this.data.item?.description ?? ''],
    unit: [this.data.item?.unit ?? 'pcs'],
    lowStockThreshold: [this.data.item?.lowStockThreshold ?? 0, [Validators.required, Validators.min(0)]],
    price: new FormControl<number | null>(this.data.item?.price ?? null, Validators.min(0)),
    barcode: new FormControl<string | null>(this.data.item?.barcode ?? null, Validators.maxLength(48)),
    quantity: [0, [Validators.required, Validators.min(0)]],
  });

  protected submit(): void {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    const editing = this.editing();
    const fields = this.fields();
    const changes = editing ? changedFields(editing, fields) : {};
    if (editing && Object.keys(changes).length === 0) {
      this.dialogRef.close(editing);
      return;
    }
    const request: Observable<Item> = editing
      ? this.data.store.update(editing, changes)
      : this.data.store.create({ ...fields, quantity: this.form.controls.quantity.value });
    this.submitting.set(true);
    this.error.set(null);
    this.conflict.set(null);
    request.subscribe({
      next: (item) => this.dialogRef.close(item),
      error: (error: unknown) => {
        const problem = toProblem(error);
        const version = staleVersion(problem);
        if (editing && version !== undefined) {
          this.showConflict(editing.id, version, problem.detail);
          return;
        }
        this.submitting.set(false);
        this.error.set(applyProblem(this.form, problem));
      },
    });
  }

  /** Takes the version someone else saved as the one edited, with my changes to the version I had opened on top. */
  protected reloadAndReapply(): void {
    const conflict = this.conflict();
    const editing = this.editing();
    if (!conflict || !editing) return;
    const mine = changedFields(editing, this.fields());
    this.editing.set(conflict.latest);
    this.form.patchValue({ ...pickFields(conflict.latest), ...mine });
    this.conflict.set(null);
  }

  private fields(): ItemFields {
    const { quantity: _initialQuantity, ...value } = this.form.getRawValue();
    // An emptied barcode field clears the barcode.
    return { ...value, price: value.price ?? null, barcode: value.barcode?.trim() || null };
  }

  /** Fetches the item at (at least) the version the refusal named: the read model may be a moment behind the log. */
  private showConflict(id: string, version: number, detail: string): void {
    this.api
      .getItem(id)
      .pipe(
        map((item) => {
          if (item.version < version) throw new Error(`item ${id} is not yet at version ${version}`);
          return item;
        }),
        retry({ count: 10, delay: 200 }),
      )
      .subscribe({
        next: (latest) => {
          this.submitting.set(false);
          this.conflict.set({ latest, differences: fieldDifferences(pickFields(latest), this.fields()) });
        },
        error: () => {
          this.submitting.set(false);
          this.error.set(detail);
        },
      });
  }
}

const pickFields = (item: Item): ItemFields => Object.fromEntries(FIELDS.map((field) => [field, item[field]])) as unknown as ItemFields;
