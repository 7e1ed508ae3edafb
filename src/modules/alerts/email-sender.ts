import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config.js';
import type { AttemptOutcome } from './delivery-channels.js';
import { emailMessage } from './email-message.js';

interface EmailRow {
  status: string;
  active: boolean;
  address: string;
  subscriptionId: string | null;
  personRole: string | null;
  eventId: string;
  type: string;
  occurredAt: Date;
  subjectId: string;
  trustId: string | null;
  data: Record<string, unknown>;
  trustName: string | null;
  wardName: string | null;
}

/** How long the worker waits on a mail server that does not answer, ms. */
const SMTP_TIMEOUT_MS = 30_000;

/**
 * The e-mail channel's one attempt: writes the event as a message (text and HTML, linking to
 * PUBLIC_URL) and hands it to the SMTP server at SMTP_URL. Nothing connects until a mail is sent,
 * so a worker, and the api, start while the server is down; each attempt opens its own connection.
 */
@Injectable()
export class EmailSender {
  private transporter: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async send(deliveryId: string): Promise<AttemptOutcome> {
    const [row] = (await this.dataSource.query(
      `SELECT d.status, coalesce(s.active, u.active) AS active, coalesce(s.address, u.email) AS address,
              s.id AS "subscriptionId", u.role AS "personRole",
              e.id AS "eventId", e.type, e.occurred_at AS "occurredAt", e.subject_id AS "subjectId",
              e.trust_id AS "trustId", e.data, t.name AS "trustName", w.name AS "wardName"
         FROM email_deliveries d
         LEFT JOIN email_subscriptions s ON s.id = d.subscription_id
         LEFT JOIN users u ON u.id = d.user_id
         JOIN alert_events e ON e.id = d.event_id
         LEFT JOIN trusts t ON t.id = e.trust_id
         LEFT JOIN wards w ON w.id = CASE WHEN e.data->>'wardId' ~* '^[0-9a-f-]{36}$' THEN (e.data->>'wardId')::uuid END
        WHERE d.id = $1`,
      [deliveryId],
    )) as EmailRow[];
    if (!row || row.status !== 'pending') return { kind: 'skip', reason: row?.status ?? 'gone' };
    if (!row.active)
      return {
        kind: 'refuse',
        error: row.subscriptionId ? 'the subscription was removed' : 'the person was deactivated',
      };
    const transporter = this.transport();
    if (!transporter) {
      // Kept pending (and retried) so that a worker started with SMTP_URL sends it.
      return { kind: 'error', code: null, error: 'e-mail is not set up on this worker (SMTP_URL is not set)' };
    }
    const message = emailMessage({ ...row, publicUrl: this.config.publicUrl });
    try {
      const info = await transporter.sendMail({
        to: row.address,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'X-Fairshift-Event-Id': row.eventId, 'X-Fairshift-Event-Type': row.type },
      });
      return { kind: 'sent', code: replyCode(info.response), messageId: info.messageId ?? null };
    } catch (failure) {
      const error = failure as Error & { responseCode?: number; permanent?: boolean; code?: string };
      return {
        kind: 'error',
        code: error.responseCode ?? null,
        error: `${error.code ?? error.name}: ${error.message}`,
        permanent: error.permanent === true,
      };
    }
  }

  private transport(): Transporter | null {
    if (!this.config.SMTP_URL) return null;
    this.transporter ??= createTransport(
      {
        url: this.config.SMTP_URL,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
      },
      { from: this.config.MAIL_FROM },
    );
    return this.transporter;
  }
}

/** "250 2.0.0 Ok: queued as …" → 250. */
const replyCode = (response: unknown): number | null => {
  const match = typeof response === 'string' ? /^(\d{3})/.exec(response) : null;
  return match ? Number(match[1]) : null;
};
