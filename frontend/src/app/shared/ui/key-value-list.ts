import { Component, computed, input } from '@angular/core';

export interface Entry {
  readonly key: string;
  readonly value: string;
}

const show = (value: unknown) => (value === null || value === undefined ? '—' : String(value));

/** Nested figures as `a.b.c: value` lines; arrays of objects are left to dedicated tables. */
export function flatten(value: unknown, prefix = ''): Entry[] {
  if (typeof value !== 'object' || value === null) return prefix ? [{ key: prefix, value: show(value) }] : [];
  if (Array.isArray(value)) {
    return value.every((element) => typeof element !== 'object' || element === null)
      ? [{ key: prefix, value: value.map(show).join(', ') }]
      : [];
  }
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
}

@Component({
  selector: 'ims-key-value-list',
  template: `
    <dl class="kv">
      @for (entry of entries(); track entry.key) {
        <dt>{{ entry.key }}</dt>
        <dd [attr.data-testid]="'figure-' + entry.key">{{ entry.value }}</dd>
      }
    </dl>
  `,
  styles: `
    .kv {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 16px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class KeyValueList {
  readonly value = input.required<unknown>();
  protected readonly entries = computed(() => flatten(this.value()));
}
