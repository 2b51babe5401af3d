import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { CreatedApiToken } from '../../core/api/models';
import { SecretOnce } from '../../shared/ui/secret-once';

/** The one time a token's secret is shown: to copy into a script's secrets, never kept by the app. */
@Component({
  selector: 'ims-token-secret',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SecretOnce],
  template: `
    <ims-secret-once
      [title]="'Your new token “' + created().name + '”'"
      [secret]="created().token"
      testId="token-secret"
      (done)="done.emit()"
    >
      Copy it now: it is shown only this once. Anyone holding it can act as {{ who() }}.
    </ims-secret-once>
  `,
})
export class TokenSecret {
  readonly created = input.required<CreatedApiToken>();
  /** Whom the token acts as, for the warning. */
  readonly who = input.required<string>();
  readonly done = output();
}
