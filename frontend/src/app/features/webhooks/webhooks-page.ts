import { ChangeDetectionStrategy, Component, OnInit, inject, signal, viewChild } from '@angular/core';
import {
  FormArray,
  FormControl,
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
  type AbstractControl,
  type ValidationErrors,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { filter, type Observable } from 'rxjs';
import { applyProblem, errorMessage, toProblem } from '../../shared/forms/problem-details';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { SecretOnce } from '../../shared/ui/secret-once';
import { ViewState } from '../../shared/ui/view-state';
import { DeliveryLog } from './delivery-log';
import { WebhookList } from './webhook-list';
import type { CreatedWebhook, Webhook, WebhookTopic } from './webhooks-api';
import { WebhooksStore } from './webhooks-store';

/** The event types offered, with what a manager reads beside each box. */
const TOPICS: readonly (readonly [WebhookTopic, string])[] = [
  ['stock.moved', 'Stock moved (in, out, adjusted)'],
  ['stock.transferred', 'Stock transferred between locations'],
  ['item.*', 'Any item change (created, updated, archived, restored)'],
  ['item.created', 'Item created'],
  ['item.updated', 'Item updated'],
  ['item.archived', 'Item archived'],
  ['item.restored', 'Item restored'],
  ['alert.low_stock', 'Low-stock alert raised'],
  ['stocktake.posted', 'Stocktake posted'],
];

const someChecked = (control: AbstractControl): ValidationErrors | null =>
  (control.value as boolean[]).some(Boolean) ? null : { required: true };

/**
 * Webhooks (managers): the list, a new webhook whose signing secret is shown once, editing its
 * event types, format and whether it is active, "send test", and each webhook's delivery log with
 * Redeliver.
 */
@Component({
  selector: 'ims-webhooks-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    ViewState,
    WebhookList,
    SecretOnce,
    DeliveryLog,
  ],
  providers: [WebhooksStore],
  template: `
    <section class="page">
      <header class="page-header"><h1>Webhooks</h1></header>
      <p>
        Other systems hear of changes as they happen: each event is POSTed to their URL, signed (Standard Webhooks), retried for up to 24
        hours while they are down. A chat channel's incoming-webhook URL takes the chat text format.
      </p>
      <div class="layout">
        @if (created(); as webhook) {
          <ims-secret-once
            [title]="'Signing secret of ' + webhook.url"
            [secret]="webhook.secret"
            testId="webhook-secret"
            (done)="created.set(null)"
          >
            Copy it now: it is shown only this once. The receiver checks each delivery's <code>webhook-signature</code> with it (Standard
            Webhooks).
          </ims-secret-once>
        }
        <section aria-labelledby="webhook-form-title">
          <h2 id="webhook-form-title">{{ editing() ? 'Edit webhook' : 'New webhook' }}</h2>
          <form [formGroup]="form" (ngSubmit)="submit()" class="form-column" novalidate>
            <mat-form-field>
              <mat-label>URL</mat-label>
              <input matInput type="url" formControlName="url" data-testid="webhook-url" />
              <mat-hint>https://… on a public address</mat-hint>
              <mat-error>{{ errorMessage(form.controls.url) }}</mat-error>
            </mat-form-field>
            <fieldset formArrayName="events" class="events" data-testid="webhook-topics">
              <legend>Events</legend>
              @for (topic of topics; track topic[0]; let i = $index) {
                <mat-checkbox [formControlName]="i" [attr.data-topic]="topic[0]">{{ topic[1] }}</mat-checkbox>
              }
              @if (form.controls.events.touched && form.controls.events.invalid) {
                <p class="error-text" role="alert">Pick at least one event.</p>
              }
            </fieldset>
            <label class="format">
              Format
              <select formControlName="format" data-testid="webhook-format">
                <option value="standard">Standard (JSON event)</option>
                <option value="slack">Chat text (Slack, Mattermost)</option>
              </select>
            </label>
            <mat-checkbox formControlName="active" data-testid="webhook-active">Active</mat-checkbox>
            @if (formError(); as error) {
              <p class="error-text" role="alert" data-testid="webhook-form-error">{{ error }}</p>
            }
            <div class="actions">
              <button mat-flat-button type="submit" [disabled]="submitting()" data-testid="webhook-save">
                {{ editing() ? 'Save' : 'Create webhook' }}
              </button>
              @if (editing()) {
                <button mat-stroked-button type="button" (click)="stopEditing()" data-testid="webhook-cancel">Cancel</button>
              }
            </div>
          </form>
        </section>
        <section aria-labelledby="webhooks-list">
          <h2 id="webhooks-list">Webhooks</h2>
          @if (store.error(); as error) {
            <p class="error-text" role="alert" data-testid="webhook-action-error">{{ error }}</p>
          }
          <ims-view-state
            [state]="store.state"
            testId="webhooks"
            label="the webhooks"
            [empty]="store.webhooks().length === 0"
            emptyText="No webhooks yet."
            (retry)="store.load()"
          >
            <ims-webhook-list
              [webhooks]="store.webhooks()"
              (test)="store.sendTest($event)"
              (log)="store.showLog($event)"
              (edit)="edit($event)"
              (remove)="remove($event)"
            />
          </ims-view-state>
        </section>
        @if (store.logOf(); as webhook) {
          <section aria-labelledby="deliveries-title" data-testid="delivery-log">
            <h2 id="deliveries-title">Deliveries to {{ webhook.url }}</h2>
            <button mat-stroked-button type="button" (click)="store.loadLog()" data-testid="delivery-refresh">Refresh</button>
            <ims-view-state
              [state]="store.logState"
              testId="deliveries"
              label="the deliveries"
              [empty]="store.deliveries().length === 0"
              emptyText="Nothing delivered yet."
              (retry)="store.loadLog()"
            >
              <ims-delivery-log [deliveries]="store.deliveries()" (redeliver)="store.redeliver($event)" />
            </ims-view-state>
          </section>
        }
      </div>
    </section>
  `,
  styles: `
    @use '../../shared/ui/card-list';
    @include card-list.settings-page;
    .events {
      display: flex;
      flex-direction: column;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      margin: 0 0 16px;
    }
    .format {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-bottom: 16px;
    }
    select {
      min-height: 44px;
      max-width: 100%;
    }
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    h2 {
      overflow-wrap: anywhere;
    }
  `,
})
export class WebhooksPage implements OnInit {
  protected readonly store = inject(WebhooksStore);
  private readonly dialog = inject(MatDialog);
  protected readonly errorMessage = errorMessage;
  protected readonly topics = TOPICS;
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** The webhook just made, with its secret: shown until Done, then gone for good. */
  protected readonly created = signal<CreatedWebhook | null>(null);
  /** The webhook the form edits; null while it makes a new one. */
  protected readonly editing = signal<Webhook | null>(null);
  private readonly formDirective = viewChild.required(FormGroupDirective);

  protected readonly form = inject(NonNullableFormBuilder).group({
    url: ['', [Validators.required]],
    events: new FormArray(
      TOPICS.map(() => new FormControl(false, { nonNullable: true })),
      someChecked,
    ),
    format: new FormControl<'standard' | 'slack'>('standard', { nonNullable: true }),
    active: [true],
  });

  ngOnInit(): void {
    this.store.load();
  }

  protected edit(webhook: Webhook): void {
    this.created.set(null);
    this.formError.set(null);
    this.editing.set(webhook);
    this.form.setValue({
      url: webhook.url,
      events: TOPICS.map(([topic]) => webhook.events.includes(topic)),
      format: webhook.format,
      active: webhook.active,
    });
  }

  protected stopEditing(): void {
    this.editing.set(null);
    this.formError.set(null);
    this.formDirective().resetForm(this.blank());
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { url, events, format, active } = this.form.getRawValue();
    const request = { url, format, active, events: TOPICS.filter((_, i) => events[i]).map(([topic]) => topic) };
    const editing = this.editing();
    this.submitting.set(true);
    this.formError.set(null);
    this.created.set(null);
    const saved: Observable<Webhook | CreatedWebhook> = editing ? this.store.change(editing.id, request) : this.store.create(request);
    saved.subscribe({
      next: (webhook) => {
        this.submitting.set(false);
        if ('secret' in webhook) this.created.set(webhook);
        this.editing.set(null);
        this.formDirective().resetForm(this.blank());
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        this.formError.set(applyProblem(this.form, toProblem(error)));
      },
    });
  }

  protected remove(webhook: Webhook): void {
    confirmAction(this.dialog, `Delete the webhook to ${webhook.url}? Its delivery log goes with it.`, 'Delete')
      .pipe(filter(Boolean))
      .subscribe(() => this.store.remove(webhook));
  }

  private blank() {
    return { url: '', events: TOPICS.map(() => false), format: 'standard' as const, active: true };
  }
}
