import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type { components } from '../../core/api/api-types';

type Schemas = components['schemas'];
/** A subscription as a manager sees it: never its secret. */
export type Webhook = Schemas['WebhookViewDto'];
/** The one answer that holds a webhook's signing secret (`secret`). */
export type CreatedWebhook = Schemas['CreatedWebhookDto'];
export type NewWebhook = Schemas['CreateWebhookDto'];
export type WebhookChange = Schemas['UpdateWebhookDto'];
export type WebhookTopic = NewWebhook['events'][number];
export type WebhookDelivery = Schemas['WebhookDeliveryDto'];

const path = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;

/** The manager's webhook routes (docs/API.md, Webhooks). */
@Injectable({ providedIn: 'root' })
export class WebhooksApi {
  private readonly http = inject(HttpClient);

  list(): Observable<readonly Webhook[]> {
    return this.http.get<Schemas['WebhookListDto']>('/api/webhooks').pipe(map(({ webhooks }) => webhooks));
  }

  create(webhook: NewWebhook): Observable<CreatedWebhook> {
    return this.http.post<CreatedWebhook>('/api/webhooks', webhook);
  }

  change(id: string, change: WebhookChange): Observable<Webhook> {
    return this.http.patch<Webhook>(path(id), change);
  }

  remove(id: string): Observable<unknown> {
    return this.http.delete(path(id));
  }

  deliveries(id: string): Observable<readonly WebhookDelivery[]> {
    return this.http.get<Schemas['WebhookDeliveryListDto']>(`${path(id)}/deliveries`).pipe(map(({ deliveries }) => deliveries));
  }

  redeliver(id: string, deliveryId: string): Observable<WebhookDelivery> {
    return this.http.post<WebhookDelivery>(`${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, null);
  }

  sendTest(id: string): Observable<WebhookDelivery> {
    return this.http.post<WebhookDelivery>(`${path(id)}/test`, null);
  }
}
