import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { ApiToken, CreatedApiToken, NewApiToken, UserView } from '../../core/api/models';
import { toProblem } from '../../shared/forms/problem-details';
import { LoadState } from '../../shared/load-state';

/** The API tokens of the signed-in user or, for a manager, of the service account `owner` names. */
@Injectable()
export class TokensStore {
  private readonly api = inject(ApiClient);

  readonly state = new LoadState();
  readonly tokens = signal<readonly ApiToken[]>([]);
  /** Whose tokens: undefined for the signed-in user's own, else a service account's id. */
  readonly owner = signal<string | undefined>(undefined);
  /** The service accounts a manager may pick (empty for staff). */
  readonly serviceAccounts = signal<readonly UserView[]>([]);
  /** Why the last revoke was refused. */
  readonly error = signal<string | null>(null);

  load(): void {
    this.state.track(this.api.apiTokens(this.owner())).subscribe((tokens) => this.tokens.set(tokens));
  }

  loadServiceAccounts(): void {
    this.api.listUsers().subscribe((users) => this.serviceAccounts.set(users.filter((user) => user.service && user.active)));
  }

  showTokensOf(owner: string | undefined): void {
    this.owner.set(owner);
    this.tokens.set([]);
    this.state.loaded.set(false);
    this.load();
  }

  create(token: Omit<NewApiToken, 'userId'>): Observable<CreatedApiToken> {
    const owner = this.owner();
    return this.api
      .createApiToken(owner === undefined ? token : { ...token, userId: owner })
      .pipe(tap((created) => this.tokens.update((tokens) => [withoutSecret(created), ...tokens])));
  }

  revoke(token: ApiToken): void {
    this.error.set(null);
    this.api.revokeApiToken(token.id).subscribe({
      next: () => this.tokens.update((tokens) => tokens.filter((row) => row.id !== token.id)),
      error: (error: unknown) => this.error.set(toProblem(error).detail),
    });
  }
}

/** The list keeps no secret, not even the one just made. */
function withoutSecret({ token: _secret, ...token }: CreatedApiToken): ApiToken {
  return token;
}
