import type { RequestHandler, Response, Router } from 'express';
import { ConflictError, InvalidInputError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { NO_TIMESHEET_YET, PutTimesheetDto, TimesheetsService } from '../bookings/index.js';
import { londonWallClockOf } from '../time-bands/index.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import {
  dateError,
  errorList,
  type FormErrors,
  type FormField,
  formErrorsOf,
  londonShiftTimes,
  poundsField,
  readDate,
  readPounds,
  readTime,
  readWholeNumber,
  shiftActions,
  timeError,
} from './shift-forms.js';
import { type ShiftPageServices, shiftWithPlace } from './shift-pages.js';
import { hours, londonClock, londonTime, pounds, shiftTimes } from './words.js';

export interface TimesheetPageServices extends ShiftPageServices {
  timesheets: TimesheetsService;
}

type Values = Record<string, string>;

/** The timesheet of a booked shift that has started: recorded, or corrected, as PUT /shifts/{id}/timesheet does. */
export function timesheetPages(router: Router, services: TimesheetPageServices, access: RequestHandler) {
  router.get('/shifts/:id/timesheet', access, async (request: PageRequest, response: Response) => {
    const shift = await timesheetDue(services, request);
    showTimesheet(request, response, shift, timesheetValues(shift), {});
  });
  router.post('/shifts/:id/timesheet', access, (request: PageRequest, response: Response) =>
    recordTimesheet(services, request, response),
  );
}

const TIMESHEET_ORDER = ['startDate', 'startTime', 'endTime', 'breakMinutes', 'amount'];

/** PutTimesheetDto's fields as the form names them. */
const TIMESHEET_FIELDS: Record<string, FormField> = {
  startedAt: { input: 'startTime', label: 'The start', own: 'Enter the time the shift started' },
  endedAt: { input: 'endTime', label: 'The end', own: 'Enter the time the shift ended' },
  breakMinutes: {
    input: 'breakMinutes',
    label: 'The unpaid break',
    own: 'Enter the unpaid break in whole minutes, shorter than the shift',
  },
  amountPence: { input: 'amount', label: 'The amount', own: 'Enter an amount of £1,000,000 or less' },
};

/** The shift, with who is booked, once its timesheet can be recorded (started, confirmed booking); 409 otherwise. */
async function timesheetDue(services: TimesheetPageServices, request: PageRequest) {
  const shift = await shiftWithPlace(services, request);
  const actions = shiftActions(shift, request.principal!.role);
  if (!actions.timesheet) {
    throw new ConflictError(
      actions.timesheetFrom
        ? `The shift has not started yet: record its timesheet once it has, from ${londonTime(actions.timesheetFrom)}`
        : NO_TIMESHEET_YET,
    );
  }
  const booking = shift.booking!;
  const who = (await services.bookings.whoIsBooked([booking])).get(booking.id) ?? '';
  return { ...shift, booking, who };
}

type DueShift = Awaited<ReturnType<typeof timesheetDue>>;

/** The form prefilled: the recorded timesheet when there is one, else the planned times and the booked cost. */
function timesheetValues(shift: DueShift): Values {
  const recorded = shift.timesheet;
  const start = londonWallClockOf(new Date(recorded?.startedAt ?? shift.startsAt).getTime());
  const [year, month, day] = start.date.split('-');
  return {
    'startDate[day]': String(Number(day)),
    'startDate[month]': String(Number(month)),
    'startDate[year]': year!,
    startTime: start.time,
    endTime: londonClock(recorded?.endedAt ?? shift.endsAt),
    breakMinutes: String(recorded?.breakMinutes ?? shift.breakMinutes),
    amount: poundsField(recorded?.amountPence ?? shift.booking.costPence),
  };
}

function showTimesheet(
  request: PageRequest,
  response: Response,
  shift: DueShift,
  values: Values,
  errors: FormErrors,
  status = 200,
) {
  show(
    request,
    response,
    'shift-timesheet.njk',
    {
      title: shift.timesheet ? 'Change the timesheet' : 'Record the timesheet',
      shift,
      bank: shift.booking.type === 'bank',
      values,
      errors,
      errorList: errorList(errors, TIMESHEET_ORDER, { startDate: 'startDate-day' }),
    },
    status,
  );
}

/** Records through TimesheetsService.put with PutTimesheetDto, as PUT /shifts/{id}/timesheet does. */
async function recordTimesheet(services: TimesheetPageServices, request: PageRequest, response: Response) {
  const shift = await timesheetDue(services, request);
  const fields = formFields(request);
  const errors: FormErrors = {};
  const date = readDate(fields['startDate[day]'], fields['startDate[month]'], fields['startDate[year]']);
  if (!date) errors.startDate = dateError(fields, 'startDate', 'Enter the date the shift started');
  const start = readTime(fields.startTime);
  if (!start) errors.startTime = timeError(fields.startTime, 'Enter the time the shift started');
  const end = readTime(fields.endTime);
  if (!end) errors.endTime = timeError(fields.endTime, 'Enter the time the shift ended');
  const breakMinutes = readWholeNumber(fields.breakMinutes);
  if (breakMinutes === null) {
    errors.breakMinutes = fields.breakMinutes
      ? 'Enter the unpaid break as a whole number of minutes, for example 30'
      : 'Enter the unpaid break in minutes, or 0 for none';
  }
  const amountPence = readPounds(fields.amount);
  if (amountPence === null) {
    errors.amount = fields.amount
      ? 'Enter the amount in pounds and pence, for example 198.50'
      : `Enter the amount ${shift.booking.type === 'bank' ? 'paid' : 'charged'}`;
  }
  const times =
    date && start && end ? londonShiftTimes(date, start, end, { start: 'startTime', end: 'endTime' }) : null;
  if (times && 'errors' in times) Object.assign(errors, times.errors);
  if (Object.keys(errors).length > 0 || !times || 'errors' in times) {
    return showTimesheet(request, response, shift, fields, errors, 400);
  }
  try {
    const input = await validateInput(PutTimesheetDto, {
      startedAt: times.startsAt,
      endedAt: times.endsAt,
      breakMinutes,
      amountPence,
    });
    const timesheet = await services.timesheets.put(shift.id, input, request.principal!);
    request.session.flash =
      `Timesheet recorded: worked ${shiftTimes(timesheet.startedAt, timesheet.endedAt)}, ` +
      `${hours(timesheet.paidMinutes)} paid, ${pounds(timesheet.amountPence)}.`;
    await redirectAfterSave(request, response, `/shifts/${shift.id}`);
  } catch (error) {
    let formErrors = error instanceof InvalidInputError ? formErrorsOf(error.errors, TIMESHEET_FIELDS) : null;
    // The worker was booked elsewhere at the times typed: the times are the person's to fix.
    if (error instanceof ConflictError && error.detail !== NO_TIMESHEET_YET) formErrors = { startTime: error.detail };
    if (!formErrors) throw error;
    return showTimesheet(request, response, shift, fields, formErrors, 400);
  }
}
