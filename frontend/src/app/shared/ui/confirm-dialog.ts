import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { Observable, map } from 'rxjs';

export interface ConfirmData {
  readonly question: string;
  readonly action: string;
}

/** An in-page confirmation (a native `confirm()` would block the page and browser automation alike). */
@Component({
  selector: 'ims-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <mat-dialog-content>{{ data.question }}</mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" data-testid="confirm-no">Cancel</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" data-testid="confirm-yes">{{ data.action }}</button>
    </mat-dialog-actions>
  `,
})
class ConfirmDialog {
  protected readonly data = inject<ConfirmData>(MAT_DIALOG_DATA);
}

export function confirmAction(dialog: MatDialog, question: string, action: string): Observable<boolean> {
  return dialog
    .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data: { question, action }, ariaLabel: question })
    .afterClosed()
    .pipe(map((answer) => answer === true));
}
