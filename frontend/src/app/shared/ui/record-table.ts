import { Component, computed, input } from '@angular/core';
import { flatten } from './key-value-list';

/** A table of records whose fields are not known in advance: one column per field seen in any row. */
@Component({
  selector: 'ims-record-table',
  template: `
    <table class="plain">
      <thead>
        <tr>
          @for (column of columns(); track column) {
            <th>{{ column }}</th>
          }
        </tr>
      </thead>
      <tbody>
        @for (row of cells(); track $index) {
          <tr [attr.data-testid]="rowTestId()">
            @for (cell of row; track $index) {
              <td>{{ cell }}</td>
            }
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class RecordTable {
  readonly rows = input.required<readonly unknown[]>();
  readonly rowTestId = input<string>();

  private readonly flattened = computed(() =>
    this.rows().map((row) => new Map(flatten(row).map((entry) => [entry.key, entry.value]))),
  );
  protected readonly columns = computed(() => [...new Set(this.flattened().flatMap((row) => [...row.keys()]))]);
  protected readonly cells = computed(() => this.flattened().map((row) => this.columns().map((column) => row.get(column) ?? '')));
}
