// The invoices module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './invoice-line.entity.js';
export * from './invoice-rules.js';
export * from './invoice.entity.js';
export * from './invoices.entities.js';
export * from './invoices-sql.js';
export * from './invoices.dto.js';
export * from './invoices.module.js';
export * from './invoices.service.js';
export * from './record-invoice.js';
