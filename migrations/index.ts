import type { MigrationInterface } from 'typeorm';
import { Foundation1795450000000 } from './1795450000000-foundation.js';
import { RateCards1795460000000 } from './1795460000000-rate-cards.js';
import { Rota1795470000000 } from './1795470000000-rota.js';
import { Bookings1795480000000 } from './1795480000000-bookings.js';
import { Timesheets1795490000000 } from './1795490000000-timesheets.js';
import { FillIndexes1795500000000 } from './1795500000000-fill-indexes.js';
import { Compliance1795510000000 } from './1795510000000-compliance.js';
import { Alerts1795520000000 } from './1795520000000-alerts.js';
import { BookingCosts1795530000000 } from './1795530000000-booking-costs.js';
import { Imports1795540000000 } from './1795540000000-imports.js';
import { People1795550000000 } from './1795550000000-people.js';
import { ReleaseCascade1795560000000 } from './1795560000000-release-cascade.js';
import { FillSuggestions1795565000000 } from './1795565000000-fill-suggestions.js';
import { Email1795570000000 } from './1795570000000-email.js';
import { SwapAndOverdue1795575000000 } from './1795575000000-swap-and-overdue.js';
import { BankWorkerAccess1795580000000 } from './1795580000000-bank-worker-access.js';
import { LocalAccounts1795585000000 } from './1795585000000-local-accounts.js';
import { AgencyAccess1795590000000 } from './1795590000000-agency-access.js';
import { Invoices1795592000000 } from './1795592000000-invoices.js';
import { SupportWorkerBan1795594000000 } from './1795594000000-support-worker-ban.js';
import { Submissions1795596000000 } from './1795596000000-submissions.js';

type MigrationClass = new () => MigrationInterface;

/** Every migration, oldest first. Listed explicitly: ESM builds have no reliable glob loading. */
export const MIGRATIONS: MigrationClass[] = [
  Foundation1795450000000,
  RateCards1795460000000,
  Rota1795470000000,
  Bookings1795480000000,
  Timesheets1795490000000,
  FillIndexes1795500000000,
  Compliance1795510000000,
  Alerts1795520000000,
  BookingCosts1795530000000,
  Imports1795540000000,
  People1795550000000,
  ReleaseCascade1795560000000,
  FillSuggestions1795565000000,
  Email1795570000000,
  SwapAndOverdue1795575000000,
  BankWorkerAccess1795580000000,
  LocalAccounts1795585000000,
  AgencyAccess1795590000000,
  Invoices1795592000000,
  SupportWorkerBan1795594000000,
  Submissions1795596000000,
];
