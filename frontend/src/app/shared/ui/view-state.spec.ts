import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, of, throwError } from 'rxjs';
import { LoadState } from '../load-state';
import { ViewState } from './view-state';

@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ViewState],
  template: `
    <ims-view-state [state]="state" testId="things" [empty]="count() === 0" emptyText="No things." (retry)="retries.set(retries() + 1)">
      <p data-testid="things-content">{{ count() }} things</p>
    </ims-view-state>
  `,
})
class Host {
  readonly state = new LoadState();
  readonly count = signal(0);
  readonly retries = signal(0);
}

describe('ViewState', () => {
  const render = async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const host = fixture.componentInstance;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const settle = () => fixture.whenStable();
    return { host, byTestId, settle };
  };

  it('shows a skeleton and no content, not even the empty text, until the data first arrives', async () => {
    const { host, byTestId, settle } = await render();
    const response = new Subject<number>();
    host.state.track(response).subscribe((count) => host.count.set(count));
    await settle();
    expect(byTestId('things-loading')?.getAttribute('aria-busy')).toBe('true');
    expect(byTestId('things-empty')).toBeNull();
    expect(byTestId('things-content')).toBeNull();

    response.next(3);
    response.complete();
    await settle();
    expect(byTestId('things-loading')).toBeNull();
    expect(byTestId('things-content')?.textContent).toBe('3 things');
  });

  it('shows the empty text once it is known there is nothing', async () => {
    const { host, byTestId, settle } = await render();
    host.state.track(of(0)).subscribe((count) => host.count.set(count));
    await settle();
    expect(byTestId('things-empty')?.textContent).toBe('No things.');
    expect(byTestId('things-content')).toBeNull();
  });

  it('shows the error with Retry instead of the skeleton when the first request fails, and Retry asks again', async () => {
    const { host, byTestId, settle } = await render();
    host.state.track(throwError(() => new Error('Server unreachable'))).subscribe();
    await settle();
    expect(byTestId('things-error')?.getAttribute('role')).toBe('alert');
    expect(byTestId('things-error')?.textContent).toContain('Server unreachable');
    expect(byTestId('things-loading')).toBeNull();
    expect(byTestId('things-empty')).toBeNull();
    byTestId('things-retry')?.click();
    expect(host.retries()).toBe(1);
  });

  it('keeps data already shown under a failed refresh, with the error above it', async () => {
    const { host, byTestId, settle } = await render();
    host.state.track(of(2)).subscribe((count) => host.count.set(count));
    host.state.track(throwError(() => new Error('Server unreachable'))).subscribe();
    await settle();
    expect(byTestId('things-error')).not.toBeNull();
    expect(byTestId('things-content')?.textContent).toBe('2 things');
  });
});
