import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One e-mail as the catcher received it. */
export interface CaughtMail {
  /** The envelope's recipients (RCPT TO), lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  raw: string;
  receivedAt: Date;
}

/** An SMTP reply the catcher gives a recipient instead of accepting it: 451 (try later), 550 (no such mailbox)… */
type Reply = number;

/**
 * A local SMTP server (smtp-server) that keeps every message it accepts: in memory, and, given a
 * folder, as `.eml` and `.html` files with an `index.html` that lists them. The demo reads mail
 * with it; the tests send to it and make it refuse recipients (`refuse`), never a mock of the
 * sender. Plain SMTP on the loopback, no TLS and no sign-in.
 */
export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  private readonly refusals = new Map<string, Reply[]>();
  private readonly refusedForGood = new Map<string, Reply>();
  /** The files written, newest first, for the index. */
  private readonly names: { name: string; mail: CaughtMail }[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly folder: string | null,
  ) {}

  static async start(options: { port?: number; folder?: string } = {}): Promise<MailCatcher> {
    if (options.folder) await mkdir(options.folder, { recursive: true });
    let catcher: MailCatcher | null = null;
    const server = new SMTPServer({
      logger: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, callback) => callback(catcher!.replyTo(address.address)),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase());
          catcher!.keep(Buffer.concat(chunks).toString('utf8'), to).then(
            () => callback(null, 'Kept'),
            (error: unknown) => callback(error as Error),
          );
        });
      },
    });
    await new Promise<void>((listening, failed) => {
      server.once('error', failed);
      server.listen(options.port ?? 0, '127.0.0.1', () => listening());
    });
    catcher = new MailCatcher(server, (server.server.address() as AddressInfo).port, options.folder ?? null);
    if (options.folder) await catcher.writeIndex();
    return catcher;
  }

  /** The SMTP_URL that reaches this catcher. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  messagesTo(address: string): CaughtMail[] {
    return this.messages.filter((message) => message.to.includes(address.toLowerCase()));
  }

  /** The next mails to `address` get these replies, one each, before it is accepted again. */
  refuse(address: string, replies: Reply[]): void {
    this.refusals.set(address.toLowerCase(), [...replies]);
  }

  /** Every mail to `address` gets this reply. */
  refuseAlways(address: string, reply: Reply): void {
    this.refusedForGood.set(address.toLowerCase(), reply);
  }

  async close(): Promise<void> {
    await new Promise<void>((closed) => this.server.close(() => closed()));
  }

  private replyTo(address: string): Error | null {
    const key = address.toLowerCase();
    const reply = this.refusedForGood.get(key) ?? this.refusals.get(key)?.shift();
    if (reply === undefined) return null;
    const error = new Error(reply >= 500 ? 'No such mailbox here' : 'Mailbox busy, try again later') as Error & {
      responseCode: number;
    };
    error.responseCode = reply;
    return error;
  }

  private async keep(raw: string, to: string[]): Promise<void> {
    const parsed = await simpleParser(raw);
    const headers: Record<string, string> = {};
    for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.key.length + 1).trim();
    const mail: CaughtMail = {
      to,
      from: parsed.from?.text ?? '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      headers,
      raw,
      receivedAt: new Date(),
    };
    this.messages.push(mail);
    if (this.folder) await this.write(mail, this.messages.length);
  }

  /** `0001-<subject>.eml` and `.html`, and an index of every message, newest first. */
  private async write(mail: CaughtMail, number: number): Promise<void> {
    const name = `${String(number).padStart(4, '0')}-${slug(mail.subject)}`;
    await writeFile(join(this.folder!, `${name}.eml`), mail.raw);
    await writeFile(join(this.folder!, `${name}.html`), mail.html || `<!DOCTYPE html><pre>${escape(mail.text)}</pre>`);
    this.names.unshift({ name, mail });
    await this.writeIndex();
  }

  /** `index.html`: every message so far, newest first, linking to its files. */
  private async writeIndex(): Promise<void> {
    const rows = this.names
      .map(
        ({ name, mail }) =>
          `<tr><td>${escape(LONDON_TIME.format(mail.receivedAt))}</td><td>${escape(mail.to.join(', '))}</td><td><a href="${name}.html">${escape(mail.subject)}</a></td><td><a href="${name}.eml">.eml</a></td></tr>`,
      )
      .join('\n');
    await writeFile(
      join(this.folder!, 'index.html'),
      `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Fairshift demo mail</title>
<style>body{font-family:Arial,sans-serif;margin:24px}table{border-collapse:collapse}td,th{padding:6px 12px;border-bottom:1px solid #ccc;text-align:left}</style></head>
<body><h1>Mail the demo sent (${this.names.length})</h1>
${this.names.length ? '' : '<p>None yet. Reload this page when Fairshift has sent something.</p>'}
<table><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>Source</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`,
    );
  }
}

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'medium',
});

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'message';

const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
