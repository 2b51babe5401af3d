import { TestBed } from '@angular/core/testing';
import { SwUpdate, type VersionEvent } from '@angular/service-worker';
import { Subject } from 'rxjs';
import { PAGE_RELOAD, UpdateBanner } from './update-banner';

describe('UpdateBanner', () => {
  const render = (enabled = true) => {
    const versionUpdates = new Subject<VersionEvent>();
    const reload = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        { provide: SwUpdate, useValue: { isEnabled: enabled, versionUpdates } },
        { provide: PAGE_RELOAD, useValue: reload },
      ],
    });
    const fixture = TestBed.createComponent(UpdateBanner);
    fixture.detectChanges();
    const banner = () => (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="update-banner"]');
    return { fixture, versionUpdates, reload, banner };
  };
  const version = { hash: 'a', appData: {} };

  it('offers a reload once a new version is ready, not while it is only found or downloading', async () => {
    const { fixture, versionUpdates, reload, banner } = render();
    versionUpdates.next({ type: 'VERSION_DETECTED', version });
    await fixture.whenStable();
    expect(banner()).toBeNull();
    versionUpdates.next({ type: 'VERSION_READY', currentVersion: version, latestVersion: { hash: 'b', appData: {} } });
    await fixture.whenStable();
    expect(banner()?.textContent).toContain('A new version of IMS is available');
    expect(reload).not.toHaveBeenCalled();
    banner()?.querySelector<HTMLButtonElement>('[data-testid="update-reload"]')?.click();
    expect(reload).toHaveBeenCalledOnce();
  });

  it('stays hidden where the service worker is disabled', async () => {
    const { fixture, versionUpdates, banner } = render(false);
    versionUpdates.next({ type: 'VERSION_READY', currentVersion: version, latestVersion: { hash: 'b', appData: {} } });
    await fixture.whenStable();
    expect(banner()).toBeNull();
  });
});
