import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import { toProblem } from '../../shared/forms/problem-details';
import { LoadState } from '../../shared/load-state';
import { WebhooksApi, type CreatedWebhook, type NewWebhook, type Webhook, type WebhookChange, type WebhookDelivery } from './webhooks-api';

/** While a shown delivery is pending, the log is read again this often. */
const LOG_REFRESH_MS = 2000;

/** The webhooks, and the delivery log of the one whose deliveries are open. */
@Injectable()
export class WebhooksStore {
  private readonly api = inject(WebhooksApi);
  private refresh: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.refresh));
  }

  readonly state = new LoadState();
  readonly webhooks = signal<readonly Webhook[]>([]);
  /** Why the last action on a listed webhook was refused. */
  readonly error = signal<string | null>(null);

  readonly logState = new LoadState();
  /** The webhook whose delivery log is open. */
  readonly logOf = signal<Webhook | null>(null);
  readonly deliveries = signal<readonly WebhookDelivery[]>([]);

  load(): void {
    this.state.track(this.api.list()).subscribe((webhooks) => this.webhooks.set(webhooks));
  }

  create(webhook: NewWebhook): Observable<CreatedWebhook> {
    return this.api.create(webhook).pipe(tap(({ secret: _secret, ...created }) => this.webhooks.update((all) => [created, ...all])));
  }

  change(id: string, change: WebhookChange): Observable<Webhook> {
    return this.api.change(id, change).pipe(tap((changed) => this.replace(changed)));
  }

  remove(webhook: Webhook): void {
    this.act(this.api.remove(webhook.id), () => {
      this.webhooks.update((all) => all.filter(({ id }) => id !== webhook.id));
      if (this.logOf()?.id === webhook.id) this.logOf.set(null);
    });
  }

  /** Queues a test and opens the webhook's log, where it shows. */
  sendTest(webhook: Webhook): void {
    this.act(this.api.sendTest(webhook.id), () => this.showLog(webhook));
  }

  showLog(webhook: Webhook): void {
    if (this.logOf()?.id !== webhook.id) {
      this.logOf.set(webhook);
      this.deliveries.set([]);
      this.logState.loaded.set(false);
    }
    this.loadLog();
  }

  /** Reads the open log; again shortly while a delivery in it is pending, so a test's outcome shows without a click. */
  loadLog(): void {
    clearTimeout(this.refresh);
    const webhook = this.logOf();
    if (!webhook) return;
    this.logState.track(this.api.deliveries(webhook.id)).subscribe((deliveries) => {
      if (this.logOf()?.id !== webhook.id) return;
      this.deliveries.set(deliveries);
      if (deliveries.some(({ state }) => state === 'pending')) this.refresh = setTimeout(() => this.loadLog(), LOG_REFRESH_MS);
    });
  }

  redeliver(delivery: WebhookDelivery): void {
    const webhook = this.logOf();
    if (webhook) this.act(this.api.redeliver(webhook.id, delivery.id), () => this.loadLog());
  }

  private replace(changed: Webhook): void {
    this.webhooks.update((all) => all.map((webhook) => (webhook.id === changed.id ? changed : webhook)));
    if (this.logOf()?.id === changed.id) this.logOf.set(changed);
  }

  private act(request: Observable<unknown>, done: () => void): void {
    this.error.set(null);
    request.subscribe({ next: done, error: (error: unknown) => this.error.set(toProblem(error).detail) });
  }
}
