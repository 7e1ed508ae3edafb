import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, QueryFailedError, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { isAdmin, type Principal, trustScope } from '../../core/auth/principal.js';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/domain-errors.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { Agency } from '../agencies/index.js';
import { InvoiceLine } from './invoice-line.entity.js';
import { Invoice } from './invoice.entity.js';
import type {
  CreateInvoiceDto,
  InvoiceLineView,
  InvoiceSummaryView,
  InvoiceView,
  ListInvoicesQuery,
} from './invoices.dto.js';
import { INVOICE_TOTALS } from './invoices-sql.js';
import { recordInvoice } from './record-invoice.js';

interface TotalsRow {
  invoiceId: string;
  invoicedPence: string;
  validatedPence: string;
  lineCount: number;
  disputedLineCount: number;
}

interface LineShift {
  bookingId: string;
  shiftId: string;
  localStartDate: string;
}

export const invoiceLineView = (line: InvoiceLine, shift?: LineShift): InvoiceLineView => ({
  lineNo: line.lineNo,
  bookingId: line.bookingId,
  shiftId: shift?.shiftId ?? null,
  shiftDate: shift?.localStartDate ?? null,
  bookingRef: line.bookingRef,
  paidMinutes: line.paidMinutes,
  amountPence: line.amountPence,
  status: line.status,
  validatedPence: line.validatedPence,
  disputedPence: line.amountPence - line.validatedPence,
  timesheetPaidMinutes: line.timesheetPaidMinutes,
  contractCostPence: line.contractCostPence,
  capCostPence: line.capCostPence,
  requiredSignoff: line.requiredSignoff,
  approvalLevel: line.approvalLevel,
});

/** Agency invoices: received and reconciled line by line, then read (docs/rules.md section 14). */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  async create(input: CreateInvoiceDto, actor: Principal): Promise<InvoiceView> {
    const agencyId = await this.invoicingAgency(input.agencyId, actor);
    // An agency's scope is its own bookings (the facts read only those); staff keys their trusts.
    const trustIds = actor.role === 'agency' ? null : trustScope(actor);
    try {
      const view = await this.dataSource.transaction(async (manager) => {
        const outcome = await recordInvoice(manager, { ...input, agencyId }, trustIds, actor);
        if ('refusal' in outcome) {
          const { refusal } = outcome;
          const errors = [{ field: refusal.field, message: refusal.message }];
          if (refusal.kind === 'number_taken') throw new ConflictError(refusal.message, errors);
          // Naming nothing the caller may see is as if those bookings did not exist.
          if (refusal.kind === 'no_booking_named') throw new NotFoundError(refusal.message, errors);
          throw new RuleViolationError('INVOICE_SEVERAL_SYSTEMS', refusal.message, errors);
        }
        const created = await this.view(manager, outcome.invoice.id);
        await this.audit.record(manager, actor, 'invoice.create', 'invoice', created.id, null, created);
        return created;
      });
      await this.signals.recheckSoon();
      return view;
    } catch (error) {
      const driverError = error instanceof QueryFailedError ? (error.driverError as { constraint?: string }) : null;
      // Two requests with the same number at once: the second meets the unique key.
      if (driverError?.constraint === 'uq_invoices_agency_number') {
        throw new ConflictError(`The agency has already sent invoice ${input.invoiceNumber}`);
      }
      throw error;
    }
  }

  async list(query: ListInvoicesQuery, actor: Principal): Promise<Page<InvoiceSummaryView>> {
    const builder = this.visible(this.dataSource.manager.createQueryBuilder(Invoice, 'invoice'), actor);
    if (query.agencyId) builder.andWhere('invoice.agencyId = :agencyId', { agencyId: query.agencyId });
    if (query.systemId) builder.andWhere('invoice.systemId = :systemId', { systemId: query.systemId });
    if (query.status) {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM invoice_lines sl WHERE sl.invoice_id = invoice.id AND sl.status = :status)',
        { status: query.status },
      );
    }
    const page = await paginate(builder, query, 'createdAt', 'descending');
    return { items: await this.summaries(this.dataSource.manager, page.items), nextCursor: page.nextCursor };
  }

  async get(id: string, actor: Principal): Promise<InvoiceView> {
    const found = await this.visible(this.dataSource.manager.createQueryBuilder(Invoice, 'invoice'), actor)
      .andWhere('invoice.id = :id', { id })
      .getOne();
    if (!found) throw NotFoundError.of('invoice', id);
    return this.view(this.dataSource.manager, id);
  }

  /** The agency an invoice is from: an agency caller's own; for staff, one that exists. */
  private async invoicingAgency(agencyId: string | undefined, actor: Principal): Promise<string> {
    if (actor.role === 'agency') {
      if (agencyId !== undefined && agencyId !== actor.agencyId) throw NotFoundError.of('agency', agencyId);
      return actor.agencyId!;
    }
    if (agencyId === undefined) {
      throw new InvalidInputError('Name the agency invoicing', [
        { field: 'agencyId', message: 'agencyId is required' },
      ]);
    }
    if (!(await this.dataSource.manager.existsBy(Agency, { id: agencyId }))) throw NotFoundError.of('agency', agencyId);
    return agencyId;
  }

  /**
   * What the caller may see: an agency its own invoices; a system-scoped key or person the
   * invoices to its system; a trust-scoped one those with a line on a booking of its trusts.
   */
  private visible(builder: SelectQueryBuilder<Invoice>, actor: Principal): SelectQueryBuilder<Invoice> {
    if (isAdmin(actor)) return builder;
    if (actor.role === 'agency')
      return builder.andWhere('invoice.agencyId = :ownAgency', { ownAgency: actor.agencyId });
    return builder.andWhere(
      `(invoice.systemId = :ownSystem OR EXISTS (SELECT 1 FROM invoice_lines vl JOIN bookings vb ON vb.id = vl.booking_id
          JOIN shifts vs ON vs.id = vb.shift_id WHERE vl.invoice_id = invoice.id AND vs.trust_id = ANY(:scopeTrusts)))`,
      { ownSystem: actor.systemId, scopeTrusts: [...actor.trustIds] },
    );
  }

  private async view(manager: EntityManager, id: string): Promise<InvoiceView> {
    const invoice = await manager.findOneByOrFail(Invoice, { id });
    const [summary] = await this.summaries(manager, [invoice]);
    const lines = await manager.find(InvoiceLine, { where: { invoiceId: id }, order: { lineNo: 'ASC' } });
    const shifts = new Map(
      (
        (await manager.query(
          `SELECT b.id AS "bookingId", s.id AS "shiftId", s.local_start_date::text AS "localStartDate"
           FROM invoice_lines il JOIN bookings b ON b.id = il.booking_id JOIN shifts s ON s.id = b.shift_id
          WHERE il.invoice_id = $1`,
          [id],
        )) as LineShift[]
      ).map((shift) => [shift.bookingId, shift]),
    );
    return {
      ...summary!,
      lines: lines.map((line) => invoiceLineView(line, line.bookingId ? shifts.get(line.bookingId) : undefined)),
    };
  }

  private async summaries(manager: EntityManager, invoices: Invoice[]): Promise<InvoiceSummaryView[]> {
    if (invoices.length === 0) return [];
    const ids = invoices.map((invoice) => invoice.id);
    const totals = new Map(
      ((await manager.query(INVOICE_TOTALS, [ids])) as TotalsRow[]).map((row) => [row.invoiceId, row]),
    );
    const agencies = new Map(
      (await manager.findBy(Agency, { id: In([...new Set(invoices.map((invoice) => invoice.agencyId))]) })).map(
        (agency) => [agency.id, agency.name],
      ),
    );
    return invoices.map((invoice) => {
      const total = totals.get(invoice.id);
      const invoicedPence = Number(total?.invoicedPence ?? 0);
      const validatedPence = Number(total?.validatedPence ?? 0);
      return {
        id: invoice.id,
        agencyId: invoice.agencyId,
        agencyName: agencies.get(invoice.agencyId) ?? '',
        systemId: invoice.systemId,
        invoiceNumber: invoice.invoiceNumber,
        issuedOn: invoice.issuedOn,
        createdAt: invoice.createdAt,
        invoicedPence,
        validatedPence,
        disputedPence: invoicedPence - validatedPence,
        lineCount: total?.lineCount ?? 0,
        disputedLineCount: total?.disputedLineCount ?? 0,
      };
    });
  }
}
