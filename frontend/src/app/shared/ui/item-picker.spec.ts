import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import type { Item } from '../../core/api/models';
import { ItemPicker } from './item-picker';

@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ItemPicker],
  template: `<form><ims-item-picker [(selected)]="item" inputTestId="picker" /></form>`,
})
class Host {
  readonly item = signal<Item | null>(null);
}

describe('ItemPicker', () => {
  const render = async () => {
    const bed = liveTestBed('staff');
    const fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const input = element.querySelector<HTMLInputElement>('[data-testid="picker"]')!;
    /** What a keyboard-wedge scanner does: the characters, then Enter at once. */
    const scan = (text: string) => {
      input.focus();
      input.value = text;
      input.dispatchEvent(new Event('input'));
      const enter = new KeyboardEvent('keydown', { key: 'Enter', cancelable: true });
      input.dispatchEvent(enter);
      return enter;
    };
    const lookup = (sku: string) => bed.http.expectOne((request) => request.url === '/api/items' && request.params.get('search') === sku);
    return { ...bed, fixture, element, input, scan, lookup };
  };

  it('picks the item whose SKU was scanned, ignoring case and surrounding spaces, without submitting the form', async () => {
    const { fixture, scan, lookup, input } = await render();
    const enter = scan('  a-100 ');
    expect(enter.defaultPrevented).toBe(true);
    const exact = anItem({ id: 'a', sku: 'A-100' });
    lookup('a-100').flush({ items: [anItem({ id: 'b', sku: 'A-1000' }), exact], nextCursor: null });
    await fixture.whenStable();
    expect(fixture.componentInstance.item()).toEqual(exact);
    expect(input.value).toBe('A-100 — Pipette tips');
  });

  it('says so when no item has exactly that SKU', async () => {
    const { fixture, scan, lookup, element } = await render();
    scan('A-10');
    lookup('A-10').flush({ items: [anItem({ sku: 'A-100' })], nextCursor: null });
    await fixture.whenStable();
    expect(fixture.componentInstance.item()).toBeNull();
    expect(element.querySelector('[data-testid="picker-lookup"]')?.textContent).toContain('No item has the SKU “A-10”.');
  });
});
