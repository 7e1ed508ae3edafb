import type { RequestHandler, Response, Router } from 'express';
import { ConflictError, InvalidInputError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { ReleaseShiftDto, ShiftsService } from '../shifts/index.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import { shiftWithPlace, type ShiftPageServices } from './shift-pages.js';
import { londonTime, RELEASE_STAGE_NAMES, shiftTimes } from './words.js';

export interface ReleasePageServices extends ShiftPageServices {
  shifts: ShiftsService;
}

/**
 * A rota manager releases a shift to the next stages early, with a reason (docs/rules.md section
 * 10a), through ShiftsService.release as the API does: the choice is of the stages not yet released.
 */
export function releasePages(router: Router, services: ReleasePageServices, access: RequestHandler) {
  router.get('/shifts/:id/release', access, async (request: PageRequest, response: Response) =>
    showRelease(services, request, response, {}, null),
  );

  router.post('/shifts/:id/release', access, async (request: PageRequest, response: Response) => {
    const fields = formFields(request);
    if (!fields.stage || !fields.reason) {
      return showRelease(
        services,
        request,
        response,
        fields,
        !fields.stage
          ? { href: '#stage', text: 'Choose how far to release the shift' }
          : { href: '#reason', text: 'Say why the shift is released early: it is kept with the shift and audited' },
      );
    }
    const input = await validateInput(ReleaseShiftDto, fields);
    const shift = await services.shifts.release(String(request.params.id), input, request.principal!);
    request.session.flash = `Released to ${RELEASE_STAGE_NAMES[input.stage]?.toLowerCase()} now.`;
    await redirectAfterSave(request, response, `/shifts/${shift.id}`);
  });
}

async function showRelease(
  services: ReleasePageServices,
  request: PageRequest,
  response: Response,
  form: Record<string, string>,
  error: { href: string; text: string } | null,
) {
  const shift = await shiftWithPlace(services, request);
  if (shift.status !== 'open') throw new ConflictError(`The shift is ${shift.status}: only an open shift is released`);
  const waiting = shift.releases.filter((release) => !release.released);
  if (waiting.length === 0) throw new ConflictError('The shift is released to every stage already');
  if (form.stage && !waiting.some((release) => release.stage === form.stage)) {
    throw new InvalidInputError('That stage is released already, or is not a stage', [
      { field: 'stage', message: 'choose a stage not yet released' },
    ]);
  }
  show(
    request,
    response,
    'shift-release.njk',
    {
      title: 'Release this shift early',
      shift,
      when: shiftTimes(shift.startsAt, shift.endsAt),
      stages: waiting.map((release) => ({
        value: release.stage,
        text: RELEASE_STAGE_NAMES[release.stage] ?? release.stage,
        hint: { text: `Due ${londonTime(release.releaseAt)}` },
        checked: form.stage === release.stage,
      })),
      reason: form.reason ?? '',
      error,
      errors: error ? [error] : [],
    },
    error ? 400 : 200,
  );
}
