import type { RequestHandler, Response, Router } from 'express';
import { NotFoundError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import {
  INVOICE_LINE_STATUSES,
  type InvoiceLineStatus,
  type InvoiceLineView,
  InvoicesService,
  ListInvoicesQuery,
} from '../invoices/index.js';
import { type PageRequest, show } from './page-context.js';
import { pageUrl } from './report-pages.js';
import { londonDateText, pounds } from './words.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INVOICES_PER_PAGE = 50;

/** What each line's status means, in words (docs/rules.md section 14). */
export const INVOICE_LINE_STATUS_NAMES: Record<InvoiceLineStatus, string> = {
  matched: 'Matches the timesheet and contract',
  over_timesheet: 'More minutes than the timesheet',
  over_contract: 'Above the contract rates',
  over_cap_unapproved: 'Needs a sign-off the booking does not have',
  no_timesheet: 'No timesheet for the booking',
  no_booking: 'No booking of this agency',
  duplicate: 'Invoiced already',
};

const hours = (minutes: number | null): string =>
  minutes === null ? '—' : `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;

const lineRow = (line: InvoiceLineView) => ({
  ...line,
  statusName: INVOICE_LINE_STATUS_NAMES[line.status],
  paid: hours(line.paidMinutes),
  timesheetPaid: hours(line.timesheetPaidMinutes),
  shiftText: line.shiftDate ? `Shift of ${londonDateText(line.shiftDate)}` : null,
});

/**
 * Agency invoices for the workforce lead: the list (newest first, by a line status) and an
 * invoice's page with each line's status and the totals, through InvoicesService as the API does.
 */
export function invoicePages(router: Router, services: { invoices: InvoicesService }, access: RequestHandler) {
  router.get('/invoices', access, async (request: PageRequest, response: Response) => {
    // The form's "Any line" sends an empty status: no filter.
    const given = Object.fromEntries(Object.entries(request.query).filter(([, value]) => value !== ''));
    const query = await validateInput(ListInvoicesQuery, given);
    const page = await services.invoices.list(
      { ...query, limit: query.limit ?? INVOICES_PER_PAGE },
      request.principal!,
    );
    const filters = { status: query.status, agencyId: query.agencyId, systemId: query.systemId };
    show(request, response, 'invoices.njk', {
      title: 'Agency invoices',
      invoices: page.items.map((invoice) => ({ ...invoice, issued: londonDateText(invoice.issuedOn) })),
      statuses: [
        { value: '', text: 'Any line' },
        ...INVOICE_LINE_STATUSES.map((status) => ({
          value: status,
          text: INVOICE_LINE_STATUS_NAMES[status],
          selected: status === query.status,
        })),
      ],
      continued: query.cursor !== undefined,
      firstHref: query.cursor ? pageUrl('/invoices', { ...filters, limit: query.limit }) : null,
      nextHref: page.nextCursor
        ? pageUrl('/invoices', { ...filters, limit: query.limit, cursor: page.nextCursor })
        : null,
    });
  });

  router.get('/invoices/:id', access, async (request: PageRequest, response: Response) => {
    const id = String(request.params.id);
    if (!UUID.test(id)) throw NotFoundError.of('invoice', id);
    const invoice = await services.invoices.get(id, request.principal!);
    show(request, response, 'invoice.njk', {
      title: `Invoice ${invoice.invoiceNumber}`,
      invoice: { ...invoice, issued: londonDateText(invoice.issuedOn) },
      lines: invoice.lines.map(lineRow),
      totals: [
        { key: { text: 'Invoiced (excluding VAT)' }, value: { text: pounds(invoice.invoicedPence) } },
        { key: { text: 'Validated' }, value: { text: pounds(invoice.validatedPence) } },
        { key: { text: 'Disputed' }, value: { text: pounds(invoice.disputedPence) } },
        {
          key: { text: 'Lines' },
          value: { text: `${invoice.lineCount}, of which ${invoice.disputedLineCount} not matched` },
        },
      ],
    });
  });
}
