import type { WebActionArgs } from './web-action';

export const SETTING_NAMES = ['FUNCTION_API_KEY', 'SENDGRID_API_KEY', 'SENDGRID_API_URL', 'ALERT_EMAIL_FROM', 'ALERT_EMAIL_TO'] as const;

export type SettingName = (typeof SETTING_NAMES)[number];

const SENDGRID_DEFAULT_API_URL = 'https://api.sendgrid.com/';

/**
 * A setting from the action's bound parameters first, then its environment: DigitalOcean's
 * `environment:` block lands in process.env, `parameters:` and the local host's settings in args.
 * An empty value counts as unset, as an unfilled `${VAR}` template in project.yml deploys as "".
 */
export function setting(args: WebActionArgs, name: SettingName): string | undefined {
  for (const value of [args[name], process.env[name]]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

export interface MailSettings {
  /** Unset: the function previews the email instead of sending it. */
  readonly sendGridApiKey: string | undefined;
  readonly sendGridApiUrl: string;
  readonly from: string;
  readonly to: readonly string[];
}

export function mailSettings(args: WebActionArgs): MailSettings {
  return {
    sendGridApiKey: setting(args, 'SENDGRID_API_KEY'),
    sendGridApiUrl: setting(args, 'SENDGRID_API_URL') ?? SENDGRID_DEFAULT_API_URL,
    from: setting(args, 'ALERT_EMAIL_FROM') ?? '',
    to: (setting(args, 'ALERT_EMAIL_TO') ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter((address) => address !== ''),
  };
}

/** What stops a real send; a preview goes ahead without sender or recipients. */
export function missingForSending(settings: MailSettings): string[] {
  return [...(settings.from === '' ? ['ALERT_EMAIL_FROM'] : []), ...(settings.to.length === 0 ? ['ALERT_EMAIL_TO'] : [])];
}
