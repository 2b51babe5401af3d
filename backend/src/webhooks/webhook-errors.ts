export class WebhookNotFoundError extends Error {
  constructor(what = 'webhook') {
    super(`There is no such ${what}`);
    this.name = 'WebhookNotFoundError';
  }
}

/** The URL is no place a webhook may go: its host resolves to a refused address, or not at all. */
export class WebhookUrlRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlRefusedError';
  }
}
