import type { AppConfig } from '../../config/load-config.js';
import { HttpError } from '../http/http-error.js';

/**
 * Who an ad-hoc report from the console or API may be mailed to. Without `web.adhocRecipients`,
 * only addresses the config already mails (report recipients, email alert channels): anyone who
 * can reach the console must not be able to send the fleet's report to an address of their own.
 */
export function adhocRecipientRules(config: Pick<AppConfig, 'web' | 'reports' | 'alerts'>): string[] {
  if (config.web.adhocRecipients !== undefined) return config.web.adhocRecipients;
  const configured = Object.values(config.reports).flatMap((r) => [...r.recipients.to, ...r.recipients.cc, ...r.recipients.bcc]);
  const channels = Object.values(config.alerts.channels).flatMap((c) => (c.type === 'email' ? [...c.to, ...c.cc] : []));
  return [...new Set([...configured, ...channels])];
}

/** "@example.com" allows any address at that domain (not its subdomains); anything else is one address. */
export function recipientAllowed(address: string, rules: string[]): boolean {
  const a = address.toLowerCase();
  const domain = a.slice(a.lastIndexOf('@'));
  return rules.some((rule) => {
    const r = rule.toLowerCase();
    return r.startsWith('@') ? r === domain : r === a;
  });
}

/** 403 naming the first address outside the allowlist, and where to allow it. */
export function assertRecipientsAllowed(emails: string[] | undefined, config: Pick<AppConfig, 'web' | 'reports' | 'alerts'>): void {
  if (!emails || emails.length === 0) return;
  const rules = adhocRecipientRules(config);
  const refused = emails.find((e) => !recipientAllowed(e, rules));
  if (refused === undefined) return;
  const why =
    config.web.adhocRecipients === undefined
      ? 'only addresses already in the config (report recipients, email channels) are allowed'
      : 'it is not in web.adhocRecipients';
  throw new HttpError({
    status: 403,
    code: 'forbidden',
    field: 'emails',
    message: `emails: "${refused}" may not receive ad-hoc reports: ${why}; add it (or its @domain) to web.adhocRecipients`,
  });
}
