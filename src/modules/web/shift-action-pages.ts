import type { RequestHandler, Response, Router } from 'express';
import { ConflictError, InvalidInputError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { CancelShiftDto, CreateShiftDto, MAX_REPEAT_WEEKS, type ShiftView } from '../shifts/index.js';
import {
  AGENDA_FOR_CHANGE_GRADES,
  ALL_GRADES,
  isStaffGroup,
  MEDICAL_GRADES,
  STAFF_GROUPS,
} from '../time-bands/index.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import {
  dateError,
  errorList,
  type FormErrors,
  type FormField,
  formErrorsOf,
  londonShiftTimes,
  readDate,
  readTime,
  readWholeNumber,
  shiftActions,
  timeError,
} from './shift-forms.js';
import { shiftWithPlace } from './shift-pages.js';
import { timesheetPages, type TimesheetPageServices } from './timesheet-pages.js';
import { gradeName, londonClock, londonDay, shiftTimes, STATUS_NAMES, staffGroupName } from './words.js';

export type ShiftActionServices = TimesheetPageServices;

type Values = Record<string, string>;
type Shown = Awaited<ReturnType<typeof shiftWithPlace>>;

/**
 * The rota manager's changes to shifts: post one (repeated weekly if asked), cancel one with a
 * reason, and record a started shift's timesheet. Each form goes through the API's DTO and
 * service as the signed-in person; what they can fix comes back on the form with an error summary.
 */
export function shiftActionPages(router: Router, services: ShiftActionServices, access: RequestHandler) {
  router.get('/shifts/new', access, (request: PageRequest, response: Response) =>
    showNewShift(services, request, response, { repeatWeeks: '1' }, {}),
  );
  router.post('/shifts/new', access, (request: PageRequest, response: Response) =>
    postShift(services, request, response),
  );
  router.get('/shifts/:id/cancel', access, async (request: PageRequest, response: Response) =>
    showCancel(request, response, await cancellable(services, request), {}, {}),
  );
  router.post('/shifts/:id/cancel', access, (request: PageRequest, response: Response) =>
    cancelShift(services, request, response),
  );
  timesheetPages(router, services, access);
}

// ---- Post a shift -------------------------------------------------------------------------------

const NEW_SHIFT_ORDER = [
  'wardId',
  'staffGroup',
  'grade',
  'date',
  'startTime',
  'endTime',
  'breakMinutes',
  'repeatWeeks',
  'reason',
];

/** CreateShiftDto's fields as the form names them. */
const NEW_SHIFT_FIELDS: Record<string, FormField> = {
  trustId: { input: 'wardId', label: 'The ward', own: 'Choose the ward the shift is on' },
  wardId: { input: 'wardId', label: 'The ward', own: 'Choose the ward the shift is on' },
  staffGroup: { input: 'staffGroup', label: 'The staff group', own: 'Choose a staff group' },
  grade: { input: 'grade', label: 'The grade', own: 'Choose a grade of the staff group', ownAlways: true },
  startsAt: { input: 'startTime', label: 'The start', own: 'Enter the start time' },
  endsAt: { input: 'endTime', label: 'The end', own: 'Enter the end time' },
  breakMinutes: {
    input: 'breakMinutes',
    label: 'The unpaid break',
    own: 'Enter the unpaid break in whole minutes, shorter than the shift',
  },
  repeatWeeks: {
    input: 'repeatWeeks',
    label: 'The number of weeks',
    own: `Enter how many weeks to post it for, from 1 to ${MAX_REPEAT_WEEKS}`,
  },
  reason: { input: 'reason', label: 'The reason', own: 'Enter a reason of 500 characters or fewer' },
};

async function showNewShift(
  services: ShiftActionServices,
  request: PageRequest,
  response: Response,
  values: Values,
  errors: FormErrors,
  status = 200,
) {
  const wards = await services.organisations.wardsInScope(request.principal!);
  const trusts = [...new Map(wards.map((ward) => [ward.trustId, ward.trustName])).entries()];
  const option = (value: string, text: string) => ({ value, text });
  show(
    request,
    response,
    'shift-new.njk',
    {
      title: 'Post a shift',
      values,
      errors,
      errorList: errorList(errors, NEW_SHIFT_ORDER, { date: 'date-day' }),
      // Grouped by trust when the person works for several; wards arrive sorted by trust, then name.
      wardGroups: trusts.map(([trustId, trustName]) => ({
        label: trusts.length > 1 ? trustName : null,
        items: wards.filter((ward) => ward.trustId === trustId).map((ward) => option(ward.id, ward.name)),
      })),
      staffGroups: [
        { value: '', text: 'Choose a staff group' },
        ...STAFF_GROUPS.map((group) => ({
          ...option(group.key, group.name),
          selected: group.key === values.staffGroup,
        })),
      ],
      gradeGroups: [
        {
          label: 'Agenda for Change (every staff group but Medical and Dental)',
          items: AGENDA_FOR_CHANGE_GRADES.map((grade) => option(grade, gradeName(grade))),
        },
        { label: 'Medical and Dental', items: MEDICAL_GRADES.map((grade) => option(grade, gradeName(grade))) },
      ],
      maxWeeks: MAX_REPEAT_WEEKS,
    },
    status,
  );
}

/** Reads the form, then posts through ShiftsService.create with CreateShiftDto, as the API does. */
async function postShift(services: ShiftActionServices, request: PageRequest, response: Response) {
  const fields = formFields(request);
  const wards = await services.organisations.wardsInScope(request.principal!);
  const errors: FormErrors = {};
  const ward = wards.find((candidate) => candidate.id === fields.wardId);
  if (!ward) errors.wardId = 'Choose the ward the shift is on';
  if (!isStaffGroup(fields.staffGroup)) errors.staffGroup = 'Choose a staff group';
  if (!(ALL_GRADES as readonly string[]).includes(fields.grade ?? '')) errors.grade = 'Choose a grade';
  const date = readDate(fields['date[day]'], fields['date[month]'], fields['date[year]']);
  if (!date) errors.date = dateError(fields, 'date', 'Enter the date the shift starts');
  const start = readTime(fields.startTime);
  if (!start) errors.startTime = timeError(fields.startTime, 'Enter the start time');
  const end = readTime(fields.endTime);
  if (!end) errors.endTime = timeError(fields.endTime, 'Enter the end time');
  const breakMinutes = readWholeNumber(fields.breakMinutes);
  if (breakMinutes === null) {
    errors.breakMinutes = fields.breakMinutes
      ? 'Enter the unpaid break as a whole number of minutes, for example 30'
      : 'Enter the unpaid break in minutes, or 0 for none';
  }
  const repeatWeeks = readWholeNumber(fields.repeatWeeks);
  if (repeatWeeks === null) errors.repeatWeeks = NEW_SHIFT_FIELDS.repeatWeeks!.own;
  const times =
    date && start && end ? londonShiftTimes(date, start, end, { start: 'startTime', end: 'endTime' }) : null;
  if (times && 'errors' in times) Object.assign(errors, times.errors);
  if (Object.keys(errors).length > 0 || !times || 'errors' in times) {
    return showNewShift(services, request, response, fields, errors, 400);
  }
  try {
    const input = await validateInput(CreateShiftDto, {
      trustId: ward!.trustId,
      wardId: ward!.id,
      staffGroup: fields.staffGroup,
      grade: fields.grade,
      ...times,
      breakMinutes,
      reason: fields.reason,
      repeatWeeks,
    });
    const posted = await services.shifts.create(input, request.principal!);
    request.session.flash = postedMessage(posted.weeklyShifts ?? [posted]);
    await redirectAfterSave(request, response, `/shifts/${posted.id}`);
  } catch (error) {
    const formErrors = error instanceof InvalidInputError ? formErrorsOf(error.errors, NEW_SHIFT_FIELDS) : null;
    if (!formErrors) throw error;
    if (formErrors.grade) {
      formErrors.grade = `Choose a grade of ${staffGroupName(fields.staffGroup!)}: ${gradeName(fields.grade!)} is not one`;
    }
    return showNewShift(services, request, response, fields, formErrors, 400);
  }
}

/** "3 shifts posted, one a week from Sat 5 Dec 2026 to Sat 19 Dec 2026, 19:00 to 07:30." */
function postedMessage(shifts: ShiftView[]): string {
  const first = shifts[0]!;
  const last = shifts[shifts.length - 1]!;
  if (shifts.length === 1) return `Shift posted: ${shiftTimes(first.startsAt, first.endsAt)}.`;
  return (
    `${shifts.length} shifts posted, one a week from ${londonDay(first.startsAt)} to ${londonDay(last.startsAt)}, ` +
    `${londonClock(first.startsAt)} to ${londonClock(first.endsAt)}.`
  );
}

// ---- Cancel a shift -----------------------------------------------------------------------------

/** The shift, with who is booked on it, when it can still be cancelled; 409 otherwise. */
async function cancellable(services: ShiftActionServices, request: PageRequest) {
  const shift = await shiftWithPlace(services, request);
  if (!shiftActions(shift, request.principal!.role).cancel) {
    const status = (STATUS_NAMES[shift.status] ?? shift.status).toLowerCase();
    throw new ConflictError(`This shift is ${status}: only an open or booked shift can be cancelled`);
  }
  const who = shift.booking
    ? ((await services.bookings.whoIsBooked([shift.booking])).get(shift.booking.id) ?? 'The worker')
    : null;
  return { ...shift, who };
}

function showCancel(
  request: PageRequest,
  response: Response,
  shift: Shown & { who: string | null },
  values: Values,
  errors: FormErrors,
  status = 200,
) {
  show(
    request,
    response,
    'shift-cancel.njk',
    {
      title: 'Cancel this shift',
      shift,
      values,
      errors,
      errorList: errorList(errors, ['reason']),
    },
    status,
  );
}

/** Cancels through BookedShiftsService.cancel, which cancels an active booking with the shift. */
async function cancelShift(services: ShiftActionServices, request: PageRequest, response: Response) {
  const shift = await cancellable(services, request);
  const fields = formFields(request);
  const reasonField = {
    reason: { input: 'reason', label: 'The reason', own: 'Enter a reason of 500 characters or fewer' },
  };
  if (!fields.reason) {
    return showCancel(request, response, shift, fields, { reason: 'Enter why the shift is being cancelled' }, 400);
  }
  try {
    const input = await validateInput(CancelShiftDto, { reason: fields.reason });
    await services.bookedShifts.cancel(shift.id, input, request.principal!);
  } catch (error) {
    const formErrors = error instanceof InvalidInputError ? formErrorsOf(error.errors, reasonField) : null;
    if (!formErrors) throw error;
    return showCancel(request, response, shift, fields, formErrors, 400);
  }
  request.session.flash = shift.who
    ? `Shift cancelled. ${shift.who}’s booking is cancelled with it: let them know.`
    : 'Shift cancelled.';
  await redirectAfterSave(request, response, `/shifts/${shift.id}`);
}
