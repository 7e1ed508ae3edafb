import { InvoiceLine } from './invoice-line.entity.js';
import { Invoice } from './invoice.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const INVOICES_ENTITIES = [Invoice, InvoiceLine];
