import { AuditLogEntry } from '../audit/audit-log-entry.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';
import { System } from '../../modules/organisations/system.entity.js';
import { Trust } from '../../modules/organisations/trust.entity.js';
import { Ward } from '../../modules/organisations/ward.entity.js';
import { BankHoliday } from '../../modules/reference/bank-holiday.entity.js';
import { RateCardLine } from '../../modules/rate-cards/rate-card-line.entity.js';
import { RateCard } from '../../modules/rate-cards/rate-card.entity.js';
import { AgencyContractLine } from '../../modules/agencies/agency-contract-line.entity.js';
import { AgencyContract } from '../../modules/agencies/agency-contract.entity.js';
import { Agency } from '../../modules/agencies/agency.entity.js';
import { Booking } from '../../modules/bookings/booking.entity.js';
import { Timesheet } from '../../modules/bookings/timesheet.entity.js';
import { Shift } from '../../modules/shifts/shift.entity.js';
import { Breach } from '../../modules/compliance/breach.entity.js';
import { BookingCost } from '../../modules/compliance/booking-cost.entity.js';
import { AlertEvent } from '../outbox/alert-event.entity.js';
import { WebhookDelivery, WebhookSubscription } from '../../modules/alerts/webhook.entity.js';
import { ComplianceRun, ComplianceRunChunk } from '../../modules/compliance/compliance-run.entity.js';
import { BankWorkerClearance } from '../../modules/workforce/bank-worker-clearance.entity.js';
import { BankWorker } from '../../modules/workforce/bank-worker.entity.js';
import { Import, ImportFile } from '../../modules/imports/import.entity.js';

/** Every entity, for the one data source the app, the migration CLI and the tests share. */
export const ENTITIES = [
  ApiKey,
  AuditLogEntry,
  System,
  Trust,
  Ward,
  BankHoliday,
  RateCard,
  RateCardLine,
  BankWorker,
  BankWorkerClearance,
  Agency,
  AgencyContract,
  AgencyContractLine,
  Shift,
  Booking,
  Timesheet,
  ComplianceRun,
  ComplianceRunChunk,
  Breach,
  BookingCost,
  AlertEvent,
  WebhookSubscription,
  WebhookDelivery,
  Import,
  ImportFile,
];
