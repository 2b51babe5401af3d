import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { FakeLiveServer } from '../../../testing/fake-live-socket';
import { anItem, storeSession } from '../../../testing/session';
import { AuthStore } from '../auth/auth-store';
import { CLOSED_ROLE_CHANGED, CLOSED_UNAUTHORIZED, LiveBus, reconnectDelay, socketUrl } from './live-bus';
import type { LiveMessage } from './live-messages';

const updated = (position: number, quantity: number): LiveMessage => ({
  type: 'item.updated',
  position,
  data: anItem({ quantity, version: position }),
});

describe('LiveBus', () => {
  let server: FakeLiveServer;

  const setup = () => {
    server = new FakeLiveServer();
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'sign-in', children: [] }]), provideHttpClient(), provideHttpClientTesting(), server.provider()],
    });
    const bus = TestBed.inject(LiveBus);
    TestBed.tick();
    return { bus, auth: TestBed.inject(AuthStore) };
  };

  /** The server refused the token: the bus asked for a new one, which the server gives. */
  const renewedAs = (token: string) => {
    TestBed.inject(HttpTestingController)
      .expectOne('/api/auth/refresh')
      .flush({ accessToken: token, user: { id: 'sam-id', username: 'sam', email: 'sam@example.test', role: 'staff' } });
    TestBed.tick();
  };

  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('stays offline while nobody is signed in', () => {
    const { bus } = setup();
    expect(server.sockets).toHaveLength(0);
    expect(bus.connectionState()).toBe('offline');
  });

  it('connects with the token once signed in and reports live when the socket opens', () => {
    storeSession('staff', 'token 1');
    const { bus } = setup();
    expect(server.latest.config.url).toBe(socketUrl('token 1'));
    expect(server.latest.config.url).toContain('/ws?token=token%201');
    expect(bus.connectionState()).toBe('connecting');
    server.latest.open();
    expect(bus.connectionState()).toBe('live');
  });

  it('hands each typed message to the subscribers of its type only', () => {
    storeSession('staff');
    const { bus } = setup();
    const updates = vi.fn();
    const moves = vi.fn();
    bus.on('item.updated').subscribe(updates);
    bus.on('stock.moved').subscribe(moves);
    server.latest.open();
    server.latest.receive(updated(4, 7));
    expect(updates).toHaveBeenCalledWith(updated(4, 7));
    expect(moves).not.toHaveBeenCalled();
  });

  it('passes on every message in the order received, though positions may step back in commit order', () => {
    storeSession('staff');
    const { bus } = setup();
    const updates = vi.fn();
    bus.on('item.updated').subscribe(updates);
    server.latest.open();
    server.latest.receive(updated(5, 1));
    server.latest.receive(updated(3, 9));
    server.latest.receive(updated(6, 2));
    expect(updates.mock.calls.map(([message]) => (message as LiveMessage).position)).toEqual([5, 3, 6]);
  });

  it('resumes after the last message received, not the largest position', () => {
    storeSession('staff');
    setup();
    server.latest.open();
    server.latest.receive(updated(9, 1));
    server.latest.receive(updated(7, 1));
    server.latest.drop();
    vi.advanceTimersByTime(reconnectDelay(0));
    server.latest.open();
    expect(server.latest.resumesFrom).toEqual({ after: '7', epoch: null });
  });

  it('resumes from where the feed stood at hello when no message came since', () => {
    storeSession('staff');
    const { bus } = setup();
    const resets = vi.fn();
    bus.resets.subscribe(resets);
    server.latest.open();
    server.latest.receive({ type: 'hello', epoch: 'e1', position: 120 });
    server.latest.drop();
    vi.advanceTimersByTime(reconnectDelay(0));
    server.latest.open();
    expect(server.latest.resumesFrom).toEqual({ after: '120', epoch: 'e1' });
    expect(resets).not.toHaveBeenCalled();
  });

  it('ignores what is not a live message', () => {
    storeSession('staff');
    const { bus } = setup();
    const all = vi.fn();
    bus.on('item.updated', 'item.created', 'stock.moved').subscribe(all);
    server.latest.open();
    server.latest.receive({ type: 'pong' });
    server.latest.receive({ type: 'item.updated' });
    expect(all).not.toHaveBeenCalled();
  });

  it('reconnects after a drop, shows reconnecting meanwhile, and resumes after the last position seen', () => {
    storeSession('staff');
    const { bus } = setup();
    server.latest.open();
    server.latest.receive(updated(41, 3));
    server.latest.drop();
    expect(bus.connectionState()).toBe('reconnecting');

    vi.advanceTimersByTime(reconnectDelay(0));
    expect(server.sockets).toHaveLength(2);
    server.latest.open();
    expect(server.latest.resumesFrom).toEqual({ after: '41', epoch: null });
    expect(bus.connectionState()).toBe('live');
  });

  it('backs off between failed attempts and starts over after a success', () => {
    storeSession('staff');
    setup();
    server.latest.drop();
    vi.advanceTimersByTime(reconnectDelay(0));
    server.latest.drop();
    vi.advanceTimersByTime(reconnectDelay(1) - 1);
    expect(server.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(server.sockets).toHaveLength(3);
    expect(reconnectDelay(20)).toBe(30_000);
  });

  it('includes the epoch in the resume when the server named one', () => {
    storeSession('staff');
    setup();
    server.latest.open();
    server.latest.receive({ ...updated(8, 1), epoch: 'e1' });
    server.latest.drop();
    vi.advanceTimersByTime(reconnectDelay(0));
    server.latest.open();
    expect(server.latest.resumesFrom).toEqual({ after: '8', epoch: 'e1' });
  });

  it('tells stores to refetch on a reset message and forgets the old position', () => {
    storeSession('staff');
    const { bus } = setup();
    const resets = vi.fn();
    const updates = vi.fn();
    bus.resets.subscribe(resets);
    bus.on('item.updated').subscribe(updates);
    server.latest.open();
    server.latest.receive(updated(90, 1));
    server.latest.receive({ type: 'reset' });
    server.latest.receive(updated(2, 5));
    expect(resets).toHaveBeenCalledTimes(1);
    expect(updates).toHaveBeenCalledTimes(2);
  });

  it('tells stores to refetch when the epoch changes (the store was restored)', () => {
    storeSession('staff');
    const { bus } = setup();
    const resets = vi.fn();
    bus.resets.subscribe(resets);
    server.latest.open();
    server.latest.receive({ type: 'hello', epoch: 'before-restore' });
    server.latest.receive({ type: 'hello', epoch: 'before-restore' });
    expect(resets).not.toHaveBeenCalled();
    server.latest.receive({ type: 'hello', epoch: 'after-restore' });
    expect(resets).toHaveBeenCalledTimes(1);
  });

  it('tells stores to refetch after a reconnect that has no position to resume from', () => {
    storeSession('staff');
    const { bus } = setup();
    const resets = vi.fn();
    bus.resets.subscribe(resets);
    server.latest.open();
    expect(resets).not.toHaveBeenCalled();
    server.latest.drop();
    vi.advanceTimersByTime(reconnectDelay(0));
    server.latest.open();
    expect(server.latest.resumesFrom).toEqual({ after: null, epoch: null });
    expect(resets).toHaveBeenCalledTimes(1);
  });

  it('closes the socket on sign-out and stays offline', () => {
    storeSession('staff');
    const { bus, auth } = setup();
    server.latest.open();
    auth.signOut();
    TestBed.tick();
    expect(server.latest.connected).toBe(false);
    expect(bus.connectionState()).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(server.sockets).toHaveLength(1);
  });

  it('renews the access token and reconnects with it when the server closes the socket for an expired token', () => {
    storeSession('staff', 'token-old');
    const { bus, auth } = setup();
    server.latest.open();
    server.latest.close(CLOSED_UNAUTHORIZED);
    renewedAs('token-new');
    expect(auth.signedIn()).toBe(true);
    expect(server.latest.config.url).toContain('token=token-new');
    server.latest.open();
    expect(bus.connectionState()).toBe('live');
  });

  it('ends the session when the server closes the socket and the session cannot be renewed', async () => {
    storeSession('staff');
    const { bus, auth } = setup();
    server.latest.open();
    server.latest.close(CLOSED_UNAUTHORIZED);
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/auth/refresh').flush({ status: 401 }, { status: 401, statusText: 'Unauthorized' });
    TestBed.tick();
    await vi.runAllTimersAsync();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(auth.signedIn()).toBe(false);
    expect(bus.connectionState()).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(server.sockets).toHaveLength(1);
  });

  it('reads the user again and reconnects when the server closes the socket for a role change', () => {
    storeSession('staff');
    const { auth } = setup();
    server.latest.open();
    server.latest.close(CLOSED_ROLE_CHANGED);
    TestBed.inject(HttpTestingController)
      .expectOne('/api/auth/me')
      .flush({ id: 'sam-id', username: 'sam', email: 'sam@example.test', role: 'manager' });
    expect(auth.isManager()).toBe(true);
    vi.advanceTimersByTime(reconnectDelay(0));
    expect(server.sockets).toHaveLength(2);
  });

  it('resumes from the position a reset named, without another refetch', () => {
    storeSession('staff');
    const { bus } = setup();
    const resets = vi.fn();
    bus.resets.subscribe(resets);
    server.latest.open();
    server.latest.receive({ type: 'reset', epoch: 'e2', position: 300 });
    server.latest.drop();
    vi.advanceTimersByTime(reconnectDelay(0));
    server.latest.open();
    expect(server.latest.resumesFrom).toEqual({ after: '300', epoch: 'e2' });
    expect(resets).toHaveBeenCalledTimes(1);
  });
  describe('with the positions API reads answered', () => {
    it('asks the socket for what followed a read answered before its greeting, and passes it on', () => {
      storeSession('staff');
      const { bus } = setup();
      const updates = vi.fn();
      bus.on('item.updated').subscribe(updates);
      server.latest.open();
      bus.readAt({ after: 50, epoch: 'e1' });
      bus.readAt({ after: 55, epoch: 'e1' });
      expect(server.latest.sent).toEqual([]);
      server.latest.receive({ type: 'hello', epoch: 'e1', position: 80 });
      expect(server.latest.sent).toEqual([{ type: 'resume', after: 50, epoch: 'e1' }]);
      server.latest.receive(updated(60, 4));
      expect(updates).toHaveBeenCalledWith(updated(60, 4));
    });

    it('asks nothing for a read the socket already covers', () => {
      storeSession('staff');
      const { bus } = setup();
      server.latest.open();
      bus.readAt({ after: 90, epoch: 'e1' });
      server.latest.receive({ type: 'hello', epoch: 'e1', position: 80 });
      bus.readAt({ after: 80, epoch: 'e1' });
      bus.readAt({ after: 95, epoch: 'e1' });
      expect(server.latest.sent).toEqual([]);
    });

    it('asks for the gap before a read that answered after the greeting from an earlier position (a replica behind), once', () => {
      storeSession('staff');
      const { bus } = setup();
      server.latest.open();
      server.latest.receive({ type: 'hello', epoch: 'e1', position: 80 });
      bus.readAt({ after: 70, epoch: 'e1' });
      bus.readAt({ after: 75, epoch: 'e1' });
      expect(server.latest.sent).toEqual([{ type: 'resume', after: 70, epoch: 'e1' }]);
    });

    it('resumes from the read after a drop before the replay arrived', () => {
      storeSession('staff');
      const { bus } = setup();
      server.latest.open();
      server.latest.receive({ type: 'hello', epoch: 'e1', position: 80 });
      bus.readAt({ after: 50, epoch: 'e1' });
      server.latest.drop();
      vi.advanceTimersByTime(reconnectDelay(0));
      expect(server.latest.resumesFrom).toEqual({ after: '50', epoch: 'e1' });
    });

    it('opens the next socket from a read answered while none was connected, without a refetch', () => {
      storeSession('staff');
      const { bus } = setup();
      const resets = vi.fn();
      bus.resets.subscribe(resets);
      server.latest.open();
      server.latest.receive({ type: 'hello', epoch: 'e1', position: 120 });
      server.latest.drop();
      bus.readAt({ after: 100, epoch: 'e1' });
      vi.advanceTimersByTime(reconnectDelay(0));
      expect(server.latest.resumesFrom).toEqual({ after: '100', epoch: 'e1' });
      server.latest.open();
      server.latest.receive({ type: 'hello', epoch: 'e1', position: 130 });
      expect(server.latest.sent).toEqual([]);
      expect(resets).not.toHaveBeenCalled();
    });

    it('asks no more for reads the server refused to resume after (a replica whose feed stalled), so stores refetch once', () => {
      storeSession('staff');
      const { bus } = setup();
      const resets = vi.fn();
      bus.resets.subscribe(resets);
      server.latest.open();
      server.latest.receive({ type: 'hello', epoch: 'e1', position: 9000 });
      bus.readAt({ after: 10, epoch: 'e1' });
      server.latest.receive({ type: 'reset', epoch: 'e1', position: 9000 });
      bus.readAt({ after: 10, epoch: 'e1' });
      bus.readAt({ after: 8990, epoch: 'e1' });
      expect(server.latest.sent).toEqual([
        { type: 'resume', after: 10, epoch: 'e1' },
        { type: 'resume', after: 8990, epoch: 'e1' },
      ]);
      expect(resets).toHaveBeenCalledTimes(1);
    });

    it('tells stores to refetch a read of another epoch than the socket’s', () => {
      storeSession('staff');
      const { bus } = setup();
      const resets = vi.fn();
      bus.resets.subscribe(resets);
      server.latest.open();
      server.latest.receive({ type: 'hello', epoch: 'after-restore', position: 3 });
      bus.readAt({ after: 500, epoch: 'before-restore' });
      expect(resets).toHaveBeenCalledTimes(1);
      expect(server.latest.sent).toEqual([]);
    });

    it('keeps its position across a token renewal: the new socket resumes, nothing is refetched', () => {
      storeSession('staff', 'token-old');
      const { bus } = setup();
      const resets = vi.fn();
      bus.resets.subscribe(resets);
      server.latest.open();
      server.latest.receive({ type: 'hello', epoch: 'e1', position: 120 });
      server.latest.close(CLOSED_UNAUTHORIZED);
      renewedAs('token-new');
      expect(server.latest.config.url).toContain('token=token-new');
      expect(server.latest.resumesFrom).toEqual({ after: '120', epoch: 'e1' });
      server.latest.open();
      expect(bus.connectionState()).toBe('live');
      expect(resets).not.toHaveBeenCalled();
    });
  });
});
