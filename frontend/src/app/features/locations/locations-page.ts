import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { filter, switchMap } from 'rxjs';
import type { StockLocation } from '../../core/api/models';
import { LocationsStore, MAIN_LOCATION_ID } from '../../core/locations/locations-store';
import { applyProblem, errorMessage, toProblem, type Problem } from '../../shared/forms/problem-details';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { ViewState } from '../../shared/ui/view-state';

/** What the API accepts as a code: 1–32 letters, digits, dots, underscores or hyphens. */
const CODE_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;
const NAME_LENGTH = 200;

/** "Archive VAN-1 (Van one)?", saying what it does. */
const archiveQuestion = (location: StockLocation) =>
  `Archive ${location.code} (${location.name})? No stock can move there any more; its code stays taken and its history stays.`;

/** Why an archiving was refused, in the page's words: a location holding stock says how much is left to move. */
function archiveRefusal(location: StockLocation, problem: Problem): string {
  const held = (problem as Problem & { unitsHeld?: unknown }).unitsHeld;
  if (typeof held === 'number') {
    return `${location.code} still holds ${held} ${held === 1 ? 'unit' : 'units'}: move them to another location, then archive it.`;
  }
  return problem.detail || problem.title;
}

@Component({
  selector: 'ims-locations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatInputModule, ViewState],
  templateUrl: './locations-page.html',
  styleUrl: './locations-page.scss',
})
export class LocationsPage implements OnInit {
  protected readonly store = inject(LocationsStore);
  private readonly dialog = inject(MatDialog);
  private readonly fields = inject(NonNullableFormBuilder);
  protected readonly errorMessage = errorMessage;
  protected readonly mainId = MAIN_LOCATION_ID;
  protected readonly showArchived = signal(false);
  protected readonly shown = computed(() => (this.showArchived() ? this.store.all() : this.store.active()));
  protected readonly archivedCount = computed(() => this.store.all().length - this.store.active().length);
  /** Why the last archiving was refused. */
  protected readonly actionError = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** The location being renamed in its row, if any. */
  protected readonly editing = signal<StockLocation | null>(null);
  protected readonly renameError = signal<string | null>(null);
  private readonly formDirective = viewChild.required('createForm', { read: FormGroupDirective });

  protected readonly form = this.fields.group({
    code: ['', [Validators.required, Validators.pattern(CODE_PATTERN)]],
    name: ['', [Validators.required, Validators.maxLength(NAME_LENGTH)]],
  });
  protected readonly renameForm = this.fields.group({
    code: ['', [Validators.required, Validators.pattern(CODE_PATTERN)]],
    name: ['', [Validators.required, Validators.maxLength(NAME_LENGTH)]],
  });

  ngOnInit(): void {
    // Always fetched afresh on opening the page, whatever another page loaded before.
    this.store.load();
  }

  protected create(): void {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.formError.set(null);
    const { code, name } = this.form.getRawValue();
    this.store.create({ code: code.trim(), name: name.trim() }).subscribe({
      next: () => {
        this.submitting.set(false);
        this.formDirective().resetForm();
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        this.formError.set(applyProblem(this.form, toProblem(error)));
      },
    });
  }

  protected startRename(location: StockLocation): void {
    this.renameError.set(null);
    this.renameForm.reset({ code: location.code, name: location.name });
    this.editing.set(location);
  }

  protected cancelRename(): void {
    this.editing.set(null);
  }

  protected saveRename(location: StockLocation): void {
    if (this.renameForm.invalid) {
      this.renameForm.markAllAsTouched();
      return;
    }
    this.renameError.set(null);
    const { code, name } = this.renameForm.getRawValue();
    this.store.rename(location, { code: code.trim(), name: name.trim() }).subscribe({
      next: () => this.editing.set(null),
      error: (error: unknown) => this.renameError.set(applyProblem(this.renameForm, toProblem(error))),
    });
  }

  protected archive(location: StockLocation): void {
    confirmAction(this.dialog, archiveQuestion(location), 'Archive')
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.actionError.set(null);
          return this.store.archive(location);
        }),
      )
      .subscribe({ error: (error: unknown) => this.actionError.set(archiveRefusal(location, toProblem(error))) });
  }
}
