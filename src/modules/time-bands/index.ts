// The time-bands module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './band-calendar.js';
export * from './band-schemes.js';
export * from './bank-holidays.js';
export * from './calendar-dates.js';
export * from './costing.js';
export * from './instants.js';
export * from './release-cascade.js';
export * from './london-times.js';
export * from './shift-input.js';
export * from './staff-groups.js';
