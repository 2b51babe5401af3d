import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { InjectSettings, type AppSettings } from '../../config';

/** Addresses that are not the public internet: private, loopback, link-local, shared, multicast, reserved. */
const NON_PUBLIC: readonly (readonly [address: string, prefix: number, family: 'ipv4' | 'ipv6'])[] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  // NAT64 addresses reach an IPv4 address; IPv4-mapped ones (::ffff:a.b.c.d) BlockList checks against the IPv4 rules itself.
  ['64:ff9b::', 96, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

/** A webhook's target address is refused (SSRF). */
class WebhookTargetRefusedError extends Error {
  constructor(readonly address: string) {
    super(
      `${address} is a private, loopback or link-local address; webhooks go only to public addresses unless WEBHOOK_ALLOW_PRIVATE allows it`,
    );
    this.name = 'WebhookTargetRefusedError';
  }
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** The host of a URL as an address when it is one (without an IPv6 literal's brackets). */
const literalAddress = (url: URL): string | undefined => {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0 ? undefined : host;
};

/**
 * Where webhooks may go: public addresses only, unless WEBHOOK_ALLOW_PRIVATE names the network.
 * Checked when a subscription is saved (to answer 400 at once) and again on every connection,
 * through the lookup the request uses, so a name that later resolves inward (DNS rebinding) is
 * refused at the moment it would be used.
 */
@Injectable()
export class WebhookTargets {
  private readonly refused = new BlockList();
  private readonly allowed = new BlockList();

  constructor(@InjectSettings() settings: AppSettings) {
    for (const [address, prefix, family] of NON_PUBLIC) this.refused.addSubnet(address, prefix, family);
    for (const { address, prefix, family } of settings.config.webhooks.allowPrivate) this.allowed.addSubnet(address, prefix, family);
  }

  isRefused(address: string): boolean {
    const family = familyOf(address);
    return this.refused.check(address, family) && !this.allowed.check(address, family);
  }

  /** Resolves the URL's host: the first refused address it has, or undefined when every one may be used. */
  async refusedAddressOf(url: URL): Promise<string | undefined> {
    const literal = literalAddress(url);
    if (literal !== undefined) return this.isRefused(literal) ? literal : undefined;
    const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
      dnsLookup(url.hostname, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
    );
    return addresses.find(({ address }) => this.isRefused(address))?.address;
  }

  /** Throws for a URL whose host is a refused address literal (a connection to it does no lookup). */
  checkLiteral(url: URL): void {
    const literal = literalAddress(url);
    if (literal !== undefined && this.isRefused(literal)) throw new WebhookTargetRefusedError(literal);
  }

  /** A `lookup` for http.request that fails on a name resolving to any refused address. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      const refused = error ? undefined : addresses.find(({ address }) => this.isRefused(address));
      const failure = error ?? (refused ? new WebhookTargetRefusedError(refused.address) : null);
      const first = addresses[0];
      if (failure || !first) {
        callback(failure ?? new Error(`${hostname} has no address`), '', 0);
      } else if (options.all) {
        (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}
