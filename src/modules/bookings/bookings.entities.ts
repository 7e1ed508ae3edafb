import { Booking } from './booking.entity.js';
import { Timesheet } from './timesheet.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const BOOKINGS_ENTITIES = [Booking, Timesheet];
