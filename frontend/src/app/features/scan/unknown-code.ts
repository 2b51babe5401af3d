import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ApiClient } from '../../core/api/api-client';
import { AuthStore } from '../../core/auth/auth-store';
import { toProblem } from '../../shared/forms/problem-details';

/** A code no item has: a manager creates the item on the spot (SKU and barcode filled in), anyone can note it. */
@Component({
  selector: 'ims-unknown-code',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <article class="unknown" role="alert" data-testid="scan-unknown">
      <h2>No item has the code {{ code() }}</h2>
      @if (creating()) {
        <form class="create" (ngSubmit)="create()">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>SKU</mat-label>
            <input matInput name="sku" required [(ngModel)]="sku" data-testid="unknown-sku" />
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>Name</mat-label>
            <input matInput name="name" required [(ngModel)]="name" data-testid="unknown-name" />
          </mat-form-field>
          @if (error(); as error) {
            <p class="error">{{ error }}</p>
          }
          <button mat-flat-button type="submit" [disabled]="!sku || !name" data-testid="unknown-save">Create item</button>
        </form>
      } @else {
        <div class="choices">
          @if (isManager()) {
            <button mat-flat-button type="button" (click)="startCreating()" data-testid="unknown-create">Create item</button>
          }
          <button mat-stroked-button type="button" (click)="noted.emit()" data-testid="unknown-note">Note it</button>
        </div>
      }
    </article>
  `,
  styles: `
    .unknown {
      display: grid;
      gap: 8px;
      padding: 12px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      overflow-wrap: anywhere;
    }
    h2 {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .create,
    .choices {
      display: grid;
      gap: 8px;
    }
    .choices {
      grid-template-columns: 1fr 1fr;
    }
    button {
      min-height: 48px;
    }
  `,
})
export class UnknownCode {
  private readonly api = inject(ApiClient);
  readonly code = input.required<string>();
  readonly noted = output();
  /** The new item's code, scanned again so it becomes the current scan. */
  readonly created = output<string>();
  protected readonly isManager = inject(AuthStore).isManager;
  protected readonly creating = signal(false);
  protected readonly error = signal<string | null>(null);
  protected sku = '';
  protected name = '';

  protected startCreating(): void {
    this.sku = this.code();
    this.creating.set(true);
  }

  protected create(): void {
    this.error.set(null);
    this.api.createItem({ sku: this.sku, name: this.name, barcode: this.code() }).subscribe({
      next: () => this.created.emit(this.code()),
      error: (error: unknown) => this.error.set(toProblem(error).detail),
    });
  }
}
