import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'ims-forbidden-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="page" data-testid="forbidden">
      <h1>Managers only</h1>
      <p>This page is for managers. Ask a manager if you need access.</p>
      <a routerLink="/">Back to the dashboard</a>
    </section>
  `,
})
export class ForbiddenPage {}
