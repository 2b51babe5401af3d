import { LRUCache } from 'lru-cache';

/**
 * The idempotency keys of the emails this process sent lately. A key whose send is still under way
 * makes a second request wait for it, so two concurrent deliveries of one alert send one email; a
 * key whose send failed is forgotten, so the caller's retry sends.
 */
export class RecentDeliveries {
  private readonly sent: LRUCache<string, Promise<boolean>>;

  constructor(max: number) {
    this.sent = new LRUCache({ max });
  }

  async once(key: string, send: () => Promise<void>): Promise<'sent' | 'duplicate'> {
    for (let earlier = this.sent.get(key); earlier; earlier = this.sent.get(key)) {
      if (await earlier) return 'duplicate';
    }
    const attempt = send();
    this.sent.set(
      key,
      attempt.then(
        () => true,
        () => {
          this.sent.delete(key);
          return false;
        },
      ),
    );
    await attempt;
    return 'sent';
  }
}
