import type { Provider } from '@angular/core';
import { Observable, type Subscriber } from 'rxjs';
import type { WebSocketSubjectConfig } from 'rxjs/webSocket';
import { LIVE_SOCKET_FACTORY, type LiveSocket, type ResumeRequest } from '../app/core/live/live-bus';
import type { LiveMessage } from '../app/core/live/live-messages';

/** Stands in for one browser WebSocket: the test opens it, feeds it server messages and drops it; its URL says what it resumes from. */
export class FakeLiveSocket extends Observable<unknown> implements LiveSocket {
  /** What the app sent on it. */
  readonly sent: ResumeRequest[] = [];
  private subscriber: Subscriber<unknown> | undefined;

  constructor(readonly config: WebSocketSubjectConfig<unknown>) {
    super((subscriber) => {
      this.subscriber = subscriber;
      return () => (this.subscriber = undefined);
    });
  }

  /** The `after` and `epoch` its URL asks to resume from (null when absent). */
  get resumesFrom(): { after: string | null; epoch: string | null } {
    const query = new URL(this.config.url).searchParams;
    return { after: query.get('after'), epoch: query.get('epoch') };
  }

  get connected(): boolean {
    return this.subscriber !== undefined;
  }

  next(message: ResumeRequest): void {
    this.sent.push(message);
  }

  open(): void {
    this.config.openObserver?.next(new Event('open'));
  }

  receive(message: LiveMessage | Record<string, unknown>): void {
    this.subscriber?.next(message);
  }

  /** The server closes the connection with one of its close codes. */
  close(code: number): void {
    this.config.closeObserver?.next({ code, wasClean: true } as CloseEvent);
    this.subscriber?.complete();
  }

  /** The connection breaks, as when the server restarts. */
  drop(): void {
    this.config.closeObserver?.next({ code: 1006, wasClean: false } as CloseEvent);
    this.subscriber?.error(new Event('error'));
  }
}

/** Every socket the bus opened, newest last. */
export class FakeLiveServer {
  readonly sockets: FakeLiveSocket[] = [];

  get latest(): FakeLiveSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('the bus has not opened a socket');
    return socket;
  }

  provider(): Provider {
    return {
      provide: LIVE_SOCKET_FACTORY,
      useValue: (config: WebSocketSubjectConfig<unknown>) => {
        const socket = new FakeLiveSocket(config);
        this.sockets.push(socket);
        return socket;
      },
    };
  }
}
