import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { CreatedApiToken } from '../../core/api/models';

/** The one time a token's secret is shown: to copy into a script's secrets, never kept by the app. */
@Component({
  selector: 'ims-token-secret',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <section class="secret" aria-labelledby="token-secret-title" data-testid="token-secret-panel">
      <h2 id="token-secret-title">Your new token “{{ created().name }}”</h2>
      <p class="warning" role="alert">Copy it now: it is shown only this once. Anyone holding it can act as {{ who() }}.</p>
      <p>
        <code class="value" data-testid="token-secret">{{ created().token }}</code>
      </p>
      @if (copied()) {
        <p role="status" data-testid="token-secret-copied">Copied.</p>
      }
      <div class="actions">
        <button mat-stroked-button type="button" (click)="copy()" data-testid="token-secret-copy">Copy</button>
        <button mat-flat-button type="button" (click)="done.emit()" data-testid="token-secret-done">Done</button>
      </div>
    </section>
  `,
  styles: `
    .secret {
      padding: 16px;
      border: 2px solid var(--mat-sys-primary);
      border-radius: 8px;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin-top: 0;
    }
    .warning {
      font-weight: 500;
    }
    .value {
      user-select: all;
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    button {
      min-height: 44px;
    }
  `,
})
export class TokenSecret {
  readonly created = input.required<CreatedApiToken>();
  /** Whom the token acts as, for the warning. */
  readonly who = input.required<string>();
  readonly done = output();
  private readonly clipboard = inject(Clipboard);
  protected readonly copied = signal(false);

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.created().token));
  }
}
