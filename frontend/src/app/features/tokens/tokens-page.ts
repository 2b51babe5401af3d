import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal, viewChild } from '@angular/core';
import { FormControl, FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { filter } from 'rxjs';
import type { ApiToken, CreatedApiToken, Role, UserView } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { applyProblem, errorMessage, toProblem } from '../../shared/forms/problem-details';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { ViewState } from '../../shared/ui/view-state';
import { ServiceAccountForm } from './service-account-form';
import { TokenList } from './token-list';
import { TokenSecret } from './token-secret';
import { TokensStore } from './tokens-store';

const NAME_CHARACTERS = 100;

/** The end of the chosen day, where the browser is: a token "expiring on the 5th" still works on the 5th. */
export function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59.999`).toISOString();
}

/**
 * Personal API tokens: the list (never a secret), a new token whose secret is shown once, and
 * revoking with a confirmation. A manager also picks a service account and makes its tokens.
 */
@Component({
  selector: 'ims-tokens-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    ViewState,
    TokenList,
    TokenSecret,
    ServiceAccountForm,
  ],
  providers: [TokensStore],
  template: `
    <section class="page">
      <header class="page-header"><h1>API tokens</h1></header>
      <p>
        For scripts and other programs: send a token as <code>Authorization: Bearer …</code>. It acts as {{ ownerName() }}, never with more
        than that account may do. <a routerLink="/account">Back to your account</a>
      </p>
      @if (auth.isManager() && store.serviceAccounts().length > 0) {
        <label class="owner">
          Tokens of
          <select #owner (change)="showTokensOf(owner.value)" data-testid="token-owner">
            <option value="" [selected]="store.owner() === undefined">you ({{ auth.user()?.username }})</option>
            @for (account of store.serviceAccounts(); track account.id) {
              <option [value]="account.id" [selected]="account.id === store.owner()">{{ account.username }} (service account)</option>
            }
          </select>
        </label>
      }
      <div class="layout">
        @if (created(); as token) {
          <ims-token-secret [created]="token" [who]="ownerName()" (done)="created.set(null)" />
        }
        <section aria-labelledby="tokens-new">
          <h2 id="tokens-new">New token</h2>
          <form [formGroup]="form" (ngSubmit)="submit()" class="form-column" novalidate>
            <mat-form-field>
              <mat-label>Name</mat-label>
              <input matInput formControlName="name" [maxlength]="nameCharacters" data-testid="token-name" />
              <mat-hint>What it is for, e.g. “shop stock sync”</mat-hint>
              <mat-error>{{ errorMessage(form.controls.name) }}</mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>Expires on (optional)</mat-label>
              <input matInput type="date" formControlName="expiresAt" [min]="today" data-testid="token-expires-at" />
              <mat-error>{{ errorMessage(form.controls.expiresAt) }}</mat-error>
            </mat-form-field>
            @if (auth.isManager()) {
              <label class="role">
                Role
                <select formControlName="role" data-testid="token-role">
                  <option value="staff">staff</option>
                  <option value="manager">manager</option>
                </select>
              </label>
            }
            <mat-checkbox formControlName="readOnly" data-testid="token-read-only">Read-only (may only read, never change)</mat-checkbox>
            @if (formError(); as error) {
              <p class="error-text" role="alert" data-testid="token-form-error">{{ error }}</p>
            }
            <button mat-flat-button type="submit" [disabled]="submitting()" data-testid="token-create">Create token</button>
          </form>
        </section>
        <section aria-labelledby="tokens-list">
          <h2 id="tokens-list">Tokens</h2>
          @if (store.error(); as error) {
            <p class="error-text" role="alert" data-testid="token-revoke-error">{{ error }}</p>
          }
          <ims-view-state
            [state]="store.state"
            testId="tokens"
            label="the tokens"
            [empty]="store.tokens().length === 0"
            emptyText="No tokens yet."
            (retry)="store.load()"
          >
            <ims-token-list [tokens]="store.tokens()" (revoke)="revoke($event)" />
          </ims-view-state>
        </section>
        @if (auth.isManager()) {
          <section aria-labelledby="tokens-service-accounts">
            <h2 id="tokens-service-accounts">New service account</h2>
            <p>An account for a script, with no password: it never signs in; you make its tokens here.</p>
            <ims-service-account-form (created)="serviceAccountCreated($event)" />
          </section>
        }
      </div>
    </section>
  `,
  styles: `
    @use '../../shared/ui/card-list';
    @include card-list.settings-page;
    .owner,
    .role {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-bottom: 16px;
    }
    select {
      min-height: 44px;
      max-width: 100%;
    }
  `,
})
export class TokensPage implements OnInit {
  protected readonly store = inject(TokensStore);
  protected readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  protected readonly errorMessage = errorMessage;
  protected readonly nameCharacters = NAME_CHARACTERS;
  protected readonly today = new Date().toISOString().slice(0, 10);
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** The token just made, with its secret: shown until Done, then gone for good. */
  protected readonly created = signal<CreatedApiToken | null>(null);
  private readonly formDirective = viewChild.required(FormGroupDirective);

  protected readonly ownerName = computed(() => {
    const owner = this.store.owner();
    const account = this.store.serviceAccounts().find((user) => user.id === owner);
    return account ? `the service account ${account.username}` : 'you';
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(NAME_CHARACTERS)]],
    expiresAt: [''],
    role: new FormControl<Role>('staff', { nonNullable: true }),
    readOnly: [false],
  });

  ngOnInit(): void {
    this.store.load();
    if (this.auth.isManager()) {
      this.form.controls.role.setValue('manager');
      this.store.loadServiceAccounts();
    }
  }

  protected showTokensOf(owner: string): void {
    this.created.set(null);
    this.store.showTokensOf(owner === '' ? undefined : owner);
  }

  /** A new service account is picked at once: making its first token is why it was made. */
  protected serviceAccountCreated(account: UserView): void {
    this.store.serviceAccounts.update((accounts) => [...accounts, account]);
    this.showTokensOf(account.id);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, expiresAt, role, readOnly } = this.form.getRawValue();
    this.submitting.set(true);
    this.formError.set(null);
    this.created.set(null);
    this.store
      .create({ name, readOnly, ...(expiresAt && { expiresAt: endOfDay(expiresAt) }), ...(this.auth.isManager() && { role }) })
      .subscribe({
        next: (created) => {
          this.submitting.set(false);
          this.created.set(created);
          this.formDirective().resetForm({ name: '', expiresAt: '', role, readOnly: false });
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.formError.set(applyProblem(this.form, toProblem(error)));
        },
      });
  }

  protected revoke(token: ApiToken): void {
    confirmAction(this.dialog, `Revoke the token “${token.name}”? Anything using it is refused from now on.`, 'Revoke')
      .pipe(filter(Boolean))
      .subscribe(() => this.store.revoke(token));
  }
}
