import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

/**
 * The one time a secret is shown (an API token, a webhook's signing secret): the value to copy,
 * the projected warning, Copy and Done. The app keeps no copy. Test ids: `testId` for the value,
 * `-panel`, `-copy`, `-copied` and `-done` after it for the rest.
 */
@Component({
  selector: 'ims-secret-once',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <section class="secret" [attr.aria-labelledby]="testId() + '-title'" [attr.data-testid]="testId() + '-panel'">
      <h2 [id]="testId() + '-title'">{{ title() }}</h2>
      <p class="warning" role="alert"><ng-content /></p>
      <p>
        <code class="value" [attr.data-testid]="testId()">{{ secret() }}</code>
      </p>
      @if (copied()) {
        <p role="status" [attr.data-testid]="testId() + '-copied'">Copied.</p>
      }
      <div class="actions">
        <button mat-stroked-button type="button" (click)="copy()" [attr.data-testid]="testId() + '-copy'">Copy</button>
        <button mat-flat-button type="button" (click)="done.emit()" [attr.data-testid]="testId() + '-done'">Done</button>
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
      overflow-wrap: anywhere;
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
export class SecretOnce {
  readonly title = input.required<string>();
  readonly secret = input.required<string>();
  readonly testId = input.required<string>();
  readonly done = output();
  private readonly clipboard = inject(Clipboard);
  protected readonly copied = signal(false);

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.secret()));
  }
}
