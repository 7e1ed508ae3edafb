// The bookings module's front door: what other modules (and the composition root) may use.
// Anything not exported here is the module's own business; lint refuses a reach past it.

export * from './booked-shifts.service.js';
export * from './booking-rules.js';
export * from './booking.entity.js';
export * from './bookings.dto.js';
export * from './bookings.entities.js';
export * from './bookings.module.js';
export * from './bookings.service.js';
export * from './timesheet.entity.js';
export * from './timesheets.service.js';
