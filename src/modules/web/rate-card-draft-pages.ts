import type { RequestHandler, Response, Router } from 'express';
import multer from 'multer';
import { ConflictError, InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import {
  CreateRateCardDto,
  RateCardHeaderDto,
  RateCardLinesDto,
  type RateCardWithLinesView,
} from '../rate-cards/index.js';
import { gradeBelongsTo, isStaffGroup, londonDate, staffGroup } from '../time-bands/index.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import {
  cardErrors,
  dateFromFields,
  errorsAt,
  type FormError,
  linesWithGrade,
  poundsField,
  rateErrors,
} from './rate-card-forms.js';
import {
  cardIdOf,
  cardItReplaces,
  cardsInForce,
  coverName,
  type RateCardPageServices,
  systemNames,
  uploadTargets,
} from './rate-card-lookups.js';
import { bandsInReadingOrder } from './rate-card-models.js';
import { BAND_NAMES, gradeName, longDate, pounds, staffGroupName } from './words.js';

/** A rate card's CSV is a few hundred lines: a megabyte is far more than any needs. */
const MAX_CSV_BYTES = 1_000_000;

const parseUpload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 10, fieldSize: 10_000, parts: 11 },
}).single('file');

/**
 * Reads the CSV upload form (multipart) of a signed-in person, so that its CSRF token is checked
 * like any form's; mounted before the CSRF check. A form that cannot be read is a 400.
 */
export const rateCardUploads: RequestHandler = (request: PageRequest, response, next) => {
  if (request.method !== 'POST' || request.path !== '/rate-cards/new' || !request.session?.userId) return next();
  if (!request.is('multipart/form-data')) return next();
  parseUpload(request, response, (error: unknown) => {
    if (!error) return next();
    const tooBig = error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE';
    next(
      new InvalidInputError(
        tooBig
          ? 'The file is too big: a rate card’s CSV file is at most 1 MB'
          : 'The form could not be read: choose the CSV file again and upload it',
      ),
    );
  });
};

/** Drafting: a new version from a card, a card from a CSV file, a grade's rates, and publishing. */
export function rateCardDraftPages(router: Router, services: RateCardPageServices, access: RequestHandler) {
  router.get('/rate-cards/new', access, (request: PageRequest, response: Response) =>
    uploadForm(services, request, response, {}),
  );
  router.post('/rate-cards/new', access, (request: PageRequest, response: Response) =>
    upload(services, request, response),
  );
  router.get('/rate-cards/:id/copy', access, async (request: PageRequest, response: Response) => {
    await copyForm(services, request, response, {});
  });
  router.post('/rate-cards/:id/copy', access, (request: PageRequest, response: Response) =>
    copy(services, request, response),
  );
  // The draft page's "add rates for a grade" form, without JavaScript: to that grade's page.
  router.get('/rate-cards/:id/lines', access, (request: PageRequest, response: Response) => {
    const [group, grade] = String(request.query.grade ?? '').split('/');
    response.redirect(303, `/rate-cards/${cardIdOf(request)}/lines/${gradeOf(group, grade).path}`);
  });
  router.get('/rate-cards/:id/lines/:staffGroup/:grade', access, async (request: PageRequest, response: Response) => {
    await gradeForm(services, request, response, {});
  });
  router.post('/rate-cards/:id/lines/:staffGroup/:grade', access, (request: PageRequest, response: Response) =>
    saveGrade(services, request, response),
  );
  router.get('/rate-cards/:id/publish', access, (request: PageRequest, response: Response) =>
    publishForm(services, request, response),
  );
  router.post('/rate-cards/:id/publish', access, async (request: PageRequest, response: Response) => {
    const card = await services.rateCards.publish(cardIdOf(request), request.principal!);
    const starts = card.effectiveFrom <= londonDate() ? 'in force from' : 'it comes into force on';
    request.session.flash = `${card.name} is published: ${starts} ${longDate(card.effectiveFrom)}.`;
    await redirectAfterSave(request, response, `/rate-cards/${card.id}`);
  });
}

/** A staff group and one of its grades, from the address; anything else is not a page. */
function gradeOf(group: string | undefined, grade: string | undefined) {
  if (!isStaffGroup(group) || !grade || !gradeBelongsTo(group, grade)) {
    throw new NotFoundError('There is no such staff group and grade');
  }
  return { group: staffGroup(group), grade, path: `${group}/${grade}` };
}

/** A draft, for a page that changes it; a published card is never changed (the service says so too). */
async function draftOf(services: RateCardPageServices, request: PageRequest): Promise<RateCardWithLinesView> {
  const card = await services.rateCards.get(cardIdOf(request), request.principal!);
  if (card.status !== 'draft') {
    throw new ConflictError('This card is published, and a published card is never changed: start a draft from it');
  }
  return card;
}

interface HeaderForm {
  name?: string;
  day?: string;
  month?: string;
  year?: string;
  cardFor?: string;
  errors?: FormError[];
}

/**
 * The header a person typed (a name and a date as day, month, year), checked by the API's own
 * header DTO, or the errors to show beside its fields.
 */
async function headerOf(form: HeaderForm, target: { scope: string; systemId?: string }) {
  const date = dateFromFields(form.day, form.month, form.year);
  const header = { ...target, name: form.name, effectiveFrom: 'date' in date ? date.date : '' };
  try {
    return { header: await validateInput(RateCardHeaderDto, header), errors: [] as FormError[] };
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const errors = cardErrors(error.errors ?? [], form).map((known) =>
      'error' in date && known.href === '#effectiveFrom-day' ? { ...known, text: date.error } : known,
    );
    return { header: null, errors };
  }
}

/** "Start a draft from this card": a name and a first day; the lines are the card's. */
async function copyForm(services: RateCardPageServices, request: PageRequest, response: Response, form: HeaderForm) {
  const source = await services.rateCards.get(cardIdOf(request), request.principal!);
  const names = await systemNames(services, request.principal!);
  show(
    request,
    response,
    'rate-card-copy.njk',
    {
      title: 'Start a draft from this card',
      source: { ...source, covers: coverName(source, names), lineCount: source.lines.length },
      form: { name: '', day: '', month: '', year: '', ...form },
      ...headerFieldErrors(form.errors ?? []),
    },
    form.errors?.length ? 400 : 200,
  );
}

/** The errors of a header form, for its summary and beside each field. */
const headerFieldErrors = (errors: FormError[]) => ({
  errors,
  nameError: errorsAt(errors, '#name')[0],
  dateError: errorsAt(errors, '#effectiveFrom-day')[0],
  fileErrors: errorsAt(errors, '#file'),
});

async function copy(services: RateCardPageServices, request: PageRequest, response: Response) {
  const source = await services.rateCards.get(cardIdOf(request), request.principal!);
  const fields = formFields(request);
  const { header, errors } = await headerOf(fields, { scope: source.scope, systemId: source.systemId ?? undefined });
  if (!header) return copyForm(services, request, response, { ...fields, errors });
  const input = await validateInput(CreateRateCardDto, { ...header, lines: source.lines });
  const draft = await services.rateCards.create(input, request.principal!);
  request.session.flash = `Draft started with the ${draft.lines.length} lines of ${source.name}. Change its rates, check what changes, then publish it.`;
  await redirectAfterSave(request, response, `/rate-cards/${draft.id}`);
}

/** "Upload a card as CSV": whom it is for, a name, a first day and the file. */
async function uploadForm(services: RateCardPageServices, request: PageRequest, response: Response, form: HeaderForm) {
  const principal = request.principal!;
  const names = await systemNames(services, principal);
  const targets = uploadTargets(principal, names);
  const own = (await cardsInForce(services, principal, londonDate())).find(
    (card) => card.scope === 'system' && card.systemId === principal.systemId,
  );
  show(
    request,
    response,
    'rate-card-upload.njk',
    {
      title: 'Upload a rate card as a CSV file',
      targets: targets.map((target) => ({ ...target, selected: target.value === form.cardFor })),
      example: own ? { href: `/rate-cards/${own.id}/lines.csv`, name: own.name } : null,
      form: { name: '', day: '', month: '', year: '', ...form },
      ...headerFieldErrors(form.errors ?? []),
    },
    form.errors?.length ? 400 : 200,
  );
}

async function upload(services: RateCardPageServices, request: PageRequest, response: Response) {
  const principal = request.principal!;
  const fields = formFields(request);
  const cardFor = fields.cardFor ?? principal.systemId ?? '';
  const target = cardFor === 'national' ? { scope: 'national' } : { scope: 'system', systemId: cardFor };
  const { header, errors } = await headerOf(fields, target);
  const file = (request as PageRequest & { file?: { buffer: Buffer } }).file;
  if (!file || file.buffer.length === 0) errors.push({ href: '#file', text: 'Choose the CSV file of the card' });
  if (!header || !file || errors.length > 0) return uploadForm(services, request, response, { ...fields, errors });
  try {
    const draft = await services.rateCards.createFromCsv(header, file.buffer.toString('utf8'), principal);
    request.session.flash = `Draft uploaded with ${draft.lines.length} lines. Check what changes, then publish it.`;
    await redirectAfterSave(request, response, `/rate-cards/${draft.id}`);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const refusals = cardErrors(error.errors ?? [{ field: 'csv', message: error.detail }], fields);
    return uploadForm(services, request, response, { ...fields, errors: refusals });
  }
}

interface GradeForm {
  fields?: Record<string, string>;
  errors?: FormError[];
}

/** One grade's rates, a band to a fieldset, with the card in force and the national cap beside them. */
async function gradeForm(services: RateCardPageServices, request: PageRequest, response: Response, form: GradeForm) {
  const principal = request.principal!;
  const { group, grade } = gradeOf(String(request.params.staffGroup), String(request.params.grade));
  const card = await draftOf(services, request);
  const today = londonDate();
  const replaces = await cardItReplaces(services, principal, card, today);
  const national =
    card.scope === 'system'
      ? (await cardsInForce(services, principal, card.effectiveFrom, { scope: 'national', systemId: null }))[0]
      : undefined;
  const [current, cap] = await Promise.all([
    replaces ? services.rateCards.get(replaces.id, principal) : null,
    national ? services.rateCards.get(national.id, principal) : null,
  ]);
  const lineOf = (source: RateCardWithLinesView | null, band: string) =>
    source?.lines.find((line) => line.staffGroup === group.key && line.grade === grade && line.band === band);
  const errorAt = (href: string) => form.errors?.find((error) => error.href === href)?.text;
  const bands = bandsInReadingOrder(group).map((band) => {
    const draftLine = lineOf(card, band);
    const inForce = lineOf(current, band);
    const nationalCap = lineOf(cap, band)?.agencyCapPence;
    return {
      key: band,
      ...BAND_NAMES[band],
      bank: form.fields?.[`bank-${band}`] ?? poundsField(draftLine?.bankRatePence),
      cap: form.fields?.[`cap-${band}`] ?? poundsField(draftLine?.agencyCapPence),
      bankError: errorAt(`#bank-${band}`),
      capError: errorAt(`#cap-${band}`),
      bankHint: inForce ? `Card in force: ${pounds(inForce.bankRatePence)}` : undefined,
      capHint:
        [
          inForce && `Card in force: ${pounds(inForce.agencyCapPence)}`,
          nationalCap && `national cap: ${pounds(nationalCap)}`,
        ]
          .filter(Boolean)
          .join('; ') || undefined,
    };
  });
  show(
    request,
    response,
    'rate-card-grade.njk',
    {
      title: `${staffGroupName(group.key)}, ${gradeName(grade)}`,
      card,
      system: card.scope === 'system',
      action: `/rate-cards/${card.id}/lines/${group.key}/${grade}`,
      back: `/rate-cards/${card.id}#${group.key}-${grade}`,
      bands,
      errors: form.errors ?? [],
    },
    form.errors?.length ? 400 : 200,
  );
}

/** Saves one grade's rates through `replaceLines` with the API's DTO; what it refuses is shown beside the rate. */
async function saveGrade(services: RateCardPageServices, request: PageRequest, response: Response) {
  const { group, grade } = gradeOf(String(request.params.staffGroup), String(request.params.grade));
  const card = await draftOf(services, request);
  const fields = formFields(request);
  const { lines, bandAt, errors } = linesWithGrade(card, group.key, grade, bandsInReadingOrder(group), fields);
  if (errors.length > 0) return gradeForm(services, request, response, { fields, errors });
  try {
    const input = await validateInput(RateCardLinesDto, { lines });
    await services.rateCards.replaceLines(card.id, input, request.principal!);
  } catch (error) {
    const shown = error instanceof InvalidInputError ? rateErrors(error.errors ?? [], lines, bandAt) : null;
    if (!shown?.length) throw error;
    return gradeForm(services, request, response, { fields, errors: shown });
  }
  request.session.flash = `Saved the rates for ${group.name}, ${gradeName(grade)}.`;
  await redirectAfterSave(request, response, `/rate-cards/${card.id}#${group.key}-${grade}`);
}

/** The confirm step: the first day, and the card it replaces from then. */
async function publishForm(services: RateCardPageServices, request: PageRequest, response: Response) {
  const principal = request.principal!;
  const card = await draftOf(services, request);
  const today = londonDate();
  const [replaces, names] = await Promise.all([
    cardItReplaces(services, principal, card, today),
    systemNames(services, principal),
  ]);
  show(request, response, 'rate-card-publish.njk', {
    title: `Publish ${card.name}`,
    card: { ...card, covers: coverName(card, names), lineCount: card.lines.length },
    replaces: replaces && { ...replaces, href: `/rate-cards/${replaces.id}` },
    backdated: card.effectiveFrom < today,
  });
}
