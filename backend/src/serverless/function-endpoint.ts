import { startFunctionHost, type FunctionHost } from '@ims/functions';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectSettings, type AppSettings } from '../config';

interface Target {
  readonly url: string;
  readonly apiKey: string;
  readonly accountNoticeUrl: string | undefined;
}

/**
 * Where low-stock emails are requested: `FUNCTION_URL` with `FUNCTION_API_KEY`, or, with no
 * `FUNCTION_URL`, the function's local host started in this process on a loopback port with a
 * key made for it, so `npm start` needs no function deployed. Account notices go to
 * `ACCOUNT_NOTICE_URL` beside a deployed function, or to the same local host.
 */
@Injectable()
export class FunctionEndpoint implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AlertFunction');
  private host: FunctionHost | undefined;
  private target: Target | undefined;

  constructor(@InjectSettings() private readonly settings: AppSettings) {}

  async onModuleInit(): Promise<void> {
    const { functionUrl, functionApiKey, accountNoticeUrl, sendgridApiKey, alertEmailFrom, alertEmailTo } = this.settings.config;
    if (functionUrl !== undefined) {
      if (functionApiKey === undefined)
        throw new Error('FUNCTION_URL is set but FUNCTION_API_KEY is not: the function would refuse every alert');
      this.target = { url: functionUrl, apiKey: functionApiKey, accountNoticeUrl };
      return;
    }
    const apiKey = randomBytes(32).toString('base64url');
    this.host = await startFunctionHost({
      port: 0,
      env: {
        FUNCTION_API_KEY: apiKey,
        SENDGRID_API_KEY: sendgridApiKey,
        ALERT_EMAIL_FROM: alertEmailFrom,
        ALERT_EMAIL_TO: alertEmailTo,
      },
    });
    this.target = { url: this.host.url, apiKey, accountNoticeUrl: this.host.accountNoticeUrl };
    this.logger.log(`FUNCTION_URL unset: the low-stock email function runs in this process at ${this.host.url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host?.close();
  }

  get url(): string {
    return this.resolved.url;
  }

  get apiKey(): string {
    return this.resolved.apiKey;
  }

  /** Undefined when a deployed function has no account-notice function configured beside it. */
  get accountNoticeUrl(): string | undefined {
    return this.resolved.accountNoticeUrl;
  }

  private get resolved(): Target {
    if (!this.target) throw new Error('the alert function endpoint is not resolved before the module starts');
    return this.target;
  }
}
