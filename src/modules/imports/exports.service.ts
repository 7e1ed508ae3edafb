import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { PinoLogger } from '../../core/logging/pino-logger.js';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { coversSystem, coversTrust, type Principal, trustScope } from '../../core/auth/principal.js';
import { InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { ALL_BANDS } from '../time-bands/index.js';
import { EXPORT_KINDS, type ExportKind, type ExportQuery } from './exports.dto.js';
import { chargeJoin, chargeSql } from '../invoices/index.js';

const isExportKind = (kind: string): kind is ExportKind => (EXPORT_KINDS as readonly string[]).includes(kind);

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/**
 * Each export's columns (`expression AS "name"`) and its table: the window and scope filters are
 * the same for all three, on the shift's local start date and trust.
 */
const EXPORTS: Record<ExportKind, { select: [string, string][]; from: string; shift: string }> = {
  shifts: {
    select: [
      ['s.id', 'id'],
      ['s.trust_id', 'trustId'],
      ['s.ward_id', 'wardId'],
      ['s.staff_group', 'staffGroup'],
      ['s.grade', 'grade'],
      [iso('s.starts_at'), 'startsAt'],
      [iso('s.ends_at'), 'endsAt'],
      ['s.break_minutes', 'breakMinutes'],
      ['s.local_start_date::text', 'localStartDate'],
      ['s.status', 'status'],
      ['s.elapsed_minutes', 'elapsedMinutes'],
      ['s.paid_minutes', 'paidMinutes'],
      ...ALL_BANDS.map((band): [string, string] => [`s.minutes_${band}`, `bandMinutes.${band}`]),
      ['s.reason', 'reason'],
      ['s.exemption_ref', 'exemptionRef'],
      ['s.external_ref', 'externalRef'],
      ['s.cancel_reason', 'cancelReason'],
      [iso('s.created_at'), 'createdAt'],
      [iso('s.updated_at'), 'updatedAt'],
    ],
    from: 'shifts s',
    shift: 's',
  },
  bookings: {
    select: [
      ['b.id', 'id'],
      ['b.shift_id', 'shiftId'],
      ['s.external_ref', 'shiftExternalRef'],
      ['s.trust_id', 'trustId'],
      ['s.local_start_date::text', 'localStartDate'],
      ['b.type', 'type'],
      ['b.status', 'status'],
      ['b.bank_worker_id', 'bankWorkerId'],
      ['w.external_ref', 'bankWorkerExternalRef'],
      ['b.agency_contract_id', 'agencyContractId'],
      [iso('b.starts_at'), 'startsAt'],
      [iso('b.ends_at'), 'endsAt'],
      ['b.paid_minutes', 'paidMinutes'],
      ...ALL_BANDS.map((band): [string, string] => [`b.rates_pence->>'${band}'`, `ratesPence.${band}`]),
      ['b.cost_pence', 'costPence'],
      ['t.amount_pence', 'timesheetAmountPence'],
      [chargeSql('t', 'b'), 'chargePence'],
      ['b.required_signoff', 'requiredSignoff'],
      ['b.decision_level', 'decisionLevel'],
      ['b.bypass_reason', 'bypassReason'],
      ['b.exemption_ref', 'exemptionRef'],
      [iso('b.created_at'), 'createdAt'],
    ],
    from: `bookings b JOIN shifts s ON s.id = b.shift_id
           LEFT JOIN bank_workers w ON w.id = b.bank_worker_id
           LEFT JOIN timesheets t ON t.shift_id = b.shift_id AND t.booking_id = b.id
           ${chargeJoin('b')}`,
    shift: 's',
  },
  breaches: {
    select: [
      ['br.id', 'id'],
      ['br.booking_id', 'bookingId'],
      ['br.shift_id', 'shiftId'],
      ['br.trust_id', 'trustId'],
      ['br.local_start_date::text', 'localStartDate'],
      ['br.rule', 'rule'],
      ['br.severity', 'severity'],
      ['br.status', 'status'],
      ['br.resolution', 'resolution'],
      ['br.reason', 'reason'],
      ['br.amount_pence', 'amountPence'],
      ['br.charge_pence', 'chargePence'],
      ['br.cap_cost_pence', 'capCostPence'],
      ['br.system_cap_cost_pence', 'systemCapCostPence'],
      ['br.card_cost_pence', 'cardCostPence'],
      ['br.signoff_level', 'signoffLevel'],
      [iso('br.detected_at'), 'detectedAt'],
      [iso('br.opened_at'), 'openedAt'],
      [iso('br.updated_at'), 'updatedAt'],
      [iso('br.resolved_at'), 'resolvedAt'],
    ],
    from: 'breaches br',
    shift: 'br',
  },
};

export const exportColumns = (kind: ExportKind): string[] => EXPORTS[kind].select.map(([, name]) => name);

/**
 * CSV exports streamed from a server-side cursor (pg-query-stream) through csv-stringify: memory
 * stays constant however many rows, the cursor reads only as fast as the client takes them, and
 * a client that goes away closes the cursor and frees the connection.
 */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ExportsService.name);
  }

  async stream(kind: string, query: ExportQuery, actor: Principal, response: Response): Promise<void> {
    if (!isExportKind(kind)) {
      throw new InvalidInputError(`Unknown export ${kind}`, [
        { field: 'kind', message: `one of ${EXPORT_KINDS.join(', ')}` },
      ]);
    }
    if ((query.systemId === undefined) === (query.trustId === undefined)) {
      throw new InvalidInputError('Give systemId or trustId', [
        { field: 'systemId', message: 'give systemId or trustId' },
      ]);
    }
    if (query.to <= query.from) {
      throw new InvalidInputError('`to` must be after `from`', [{ field: 'to', message: 'must be after from' }]);
    }
    if (query.trustId && !coversTrust(actor, query.trustId)) throw NotFoundError.of('trust', query.trustId);
    if (query.systemId && !coversSystem(actor, query.systemId)) throw NotFoundError.of('system', query.systemId);
    const spec = EXPORTS[kind];
    const alias = spec.shift;
    const sql = `SELECT ${spec.select.map(([expression, name]) => `${expression} AS "${name}"`).join(', ')}
                   FROM ${spec.from}
                  WHERE ${alias}.local_start_date >= $1::date AND ${alias}.local_start_date < $2::date
                    AND ${alias}.trust_id IN (SELECT id FROM trusts WHERE ($3::uuid IS NULL OR system_id = $3) AND ($4::uuid IS NULL OR id = $4))
                    AND ($5::uuid[] IS NULL OR ${alias}.trust_id = ANY($5))
                  ORDER BY ${alias}.local_start_date, ${spec.select[0]![0]}`;
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as { query(stream: QueryStream): QueryStream };
    try {
      const rows = client.query(
        new QueryStream(sql, [query.from, query.to, query.systemId ?? null, query.trustId ?? null, trustScope(actor)], {
          batchSize: 500,
        }),
      );
      response.status(200);
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader(
        'Content-Disposition',
        `attachment; filename="${kind}-${query.systemId ?? query.trustId}-${query.from}-${query.to}.csv"`,
      );
      // Cells a spreadsheet would run as formulas (=, +, -, @ first) are quoted with a leading apostrophe.
      await pipeline(rows, stringify({ header: true, columns: exportColumns(kind), escape_formulas: true }), response);
    } catch (error) {
      // Once the first bytes are out the status is sent: a failure (the client left) can only end the stream.
      if (!response.headersSent) throw error;
      this.logger.info({ err: error, kind }, 'export ended early');
      response.destroy();
    } finally {
      await runner.release();
    }
  }
}
