import { loadConfig } from '../../config';
import { WebhookReceiver } from '../testing/webhook-receiver';
import { postWebhook } from './webhook-post';
import { WebhookTargets } from './webhook-targets';

const targetsAllowing = (allowPrivate?: string) =>
  new WebhookTargets({
    config: loadConfig(allowPrivate === undefined ? {} : { WEBHOOK_ALLOW_PRIVATE: allowPrivate }),
    databaseUrl: '',
    embedded: false,
  });

const receiver = new WebhookReceiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

describe('webhook targets (SSRF)', () => {
  it('refuses private, loopback, link-local and other non-public addresses, v4 and v6, and nothing public', () => {
    const targets = targetsAllowing();
    const refused = ['127.0.0.1', '10.0.0.7', '172.31.255.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1'];
    const refused6 = [
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
    ];
    const open = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e'];
    expect([...refused, ...refused6].filter((address) => !targets.isRefused(address))).toEqual([]);
    expect(open.filter((address) => targets.isRefused(address))).toEqual([]);
  });

  it('lets WEBHOOK_ALLOW_PRIVATE open only the networks it names', () => {
    const targets = targetsAllowing('127.0.0.0/8, fd00::/8');
    expect(['127.0.0.1', '127.9.9.9', 'fd00::5'].map((address) => targets.isRefused(address))).toEqual([false, false, false]);
    expect(['::1', '10.0.0.1', 'fe80::1'].map((address) => targets.isRefused(address))).toEqual([true, true, true]);
  });

  it('sends nothing to a receiver on 127.0.0.1 without the allowlist, by address or by a name resolving there', async () => {
    const targets = targetsAllowing();
    const { port } = new URL(receiver.url);
    for (const url of [`${receiver.url}/direct`, `http://localhost:${port}/named`]) {
      const outcome = await postWebhook(targets, new URL(url), {}, '{}');
      expect(outcome).toMatchObject({ ok: false, status: null });
      expect(outcome.error).toMatch(/private, loopback or link-local/);
    }
    expect(receiver.received).toEqual([]);

    const allowed = await postWebhook(targetsAllowing('127.0.0.1/32'), new URL(`${receiver.url}/direct`), {}, '{}');
    expect(allowed).toMatchObject({ ok: true, status: 200, error: null });
    expect(receiver.received.map(({ path }) => path)).toEqual(['/direct']);
  });
});
