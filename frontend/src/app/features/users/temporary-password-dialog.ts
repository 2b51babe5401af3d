import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

export interface TemporaryPasswordData {
  readonly username: string;
  readonly temporaryPassword: string;
}

/** The one time a temporary password is shown: to read out or copy, never stored by the app. */
@Component({
  selector: 'ims-temporary-password-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Temporary password for {{ data.username }}</h2>
    <mat-dialog-content>
      <p>Give it to {{ data.username }}: it is shown only now. They must choose their own at their next sign-in.</p>
      <p>
        <code class="password" data-testid="temporary-password">{{ data.temporaryPassword }}</code>
      </p>
      @if (copied()) {
        <p role="status" data-testid="temporary-password-copied">Copied.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="copy()" data-testid="temporary-password-copy">Copy</button>
      <button mat-flat-button type="button" mat-dialog-close data-testid="temporary-password-done">Done</button>
    </mat-dialog-actions>
  `,
  styles: `
    .password {
      font-size: 1.25rem;
      user-select: all;
      overflow-wrap: anywhere;
    }
    button {
      min-height: 44px;
    }
  `,
})
export class TemporaryPasswordDialog {
  protected readonly data = inject<TemporaryPasswordData>(MAT_DIALOG_DATA);
  private readonly clipboard = inject(Clipboard);
  protected readonly copied = signal(false);

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.data.temporaryPassword));
  }
}
