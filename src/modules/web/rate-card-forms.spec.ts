import { describe, expect, it } from '@jest/globals';
import { validateInput } from '../../core/validation/validate-input.js';
import { InvalidInputError } from '../../core/errors/domain-errors.js';
import { RateCardLinesDto } from '../rate-cards/index.js';
import {
  cardErrors,
  dateFromFields,
  linesWithGrade,
  penceFromPounds,
  poundsField,
  rateErrors,
} from './rate-card-forms.js';

const AFC = ['day', 'night', 'saturday', 'sunday', 'bank_holiday'];
const systemCard = {
  scope: 'system',
  lines: [
    { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 2600, bankRatePence: 1800 },
    { staffGroup: 'nursing', grade: 'band5', band: 'night', agencyCapPence: 3300, bankRatePence: 2300 },
    { staffGroup: 'nursing', grade: 'band6', band: 'day', agencyCapPence: 3200, bankRatePence: 2200 },
  ],
};

/** The API's refusals of lines, as the page gets them from the DTO. */
async function refusalsOf(lines: unknown[]) {
  try {
    await validateInput(RateCardLinesDto, { lines });
    return [];
  } catch (error) {
    return (error as InvalidInputError).errors ?? [];
  }
}

describe('penceFromPounds', () => {
  it('reads pounds and pence as a person types them', () => {
    expect(penceFromPounds('18.50')).toEqual({ pence: 1850 });
    expect(penceFromPounds('£18.5')).toEqual({ pence: 1850 });
    expect(penceFromPounds(' 18 ')).toEqual({ pence: 1800 });
    expect(penceFromPounds('0.07')).toEqual({ pence: 7 });
    expect(penceFromPounds('1,000')).toEqual({ pence: 100_000 });
  });

  it('keeps a minus sign, so that the API refuses a negative rate', () => {
    expect(penceFromPounds('-3')).toEqual({ pence: -300 });
  });

  it('says when a rate is not in whole pence or not a number', () => {
    expect(penceFromPounds('18.505')).toEqual({ error: 'fraction' });
    expect(penceFromPounds('eighteen')).toEqual({ error: 'format' });
    expect(penceFromPounds('.')).toEqual({ error: 'format' });
    expect(penceFromPounds('18,5')).toEqual({ error: 'format' });
  });

  it('treats nothing typed as empty', () => {
    expect(penceFromPounds('  ')).toEqual({ empty: true });
    expect(penceFromPounds(undefined)).toEqual({ empty: true });
  });

  it('shows pence back as pounds with two decimals', () => {
    expect(poundsField(1850)).toBe('18.50');
    expect(poundsField(null)).toBe('');
  });
});

describe('dateFromFields', () => {
  it('turns a day, month and year into an ISO date', () => {
    expect(dateFromFields('1', '4', '2027')).toEqual({ date: '2027-04-01' });
  });

  it('refuses a date that does not exist or is incomplete, saying which', () => {
    expect(dateFromFields('31', '2', '2027')).toEqual({ error: 'The date must be a real date, like 1 4 2027' });
    expect(dateFromFields('1', '', '2027')).toEqual({ error: 'The date must include a day, month and year' });
    expect(dateFromFields('', '', '')).toEqual({ error: 'Enter the date the card comes into force' });
    expect(dateFromFields('1', '4', '27')).toEqual({ error: 'The date must be a real date, like 1 4 2027' });
  });
});

describe('linesWithGrade', () => {
  it('replaces one grade’s bands and keeps every other line', () => {
    const { lines, errors } = linesWithGrade(systemCard, 'nursing', 'band5', AFC, {
      'bank-day': '19.50',
      'cap-day': '26.00',
      'bank-saturday': '21',
      'cap-saturday': '30',
    });
    expect(errors).toEqual([]);
    expect(lines).toEqual([
      systemCard.lines[2],
      { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 2600, bankRatePence: 1950 },
      { staffGroup: 'nursing', grade: 'band5', band: 'saturday', agencyCapPence: 3000, bankRatePence: 2100 },
    ]);
  });

  it('takes a band with both rates empty off the card', () => {
    const { lines } = linesWithGrade(systemCard, 'nursing', 'band5', AFC, { 'bank-day': '18', 'cap-day': '26' });
    expect(lines.filter((line) => line.grade === 'band5').map((line) => line.band)).toEqual(['day']);
  });

  it('names the field of a rate that is not pounds and pence', () => {
    const { errors } = linesWithGrade(systemCard, 'nursing', 'band5', AFC, {
      'bank-night': '23.005',
      'cap-night': 'x',
    });
    expect(errors).toEqual([
      { href: '#bank-night', text: 'The bank rate for weekday nights must be in whole pence, like 18.50' },
      { href: '#cap-night', text: 'Enter the agency cap for weekday nights in pounds and pence, like 18.50' },
    ]);
  });

  it('reads no bank rate on a national card', () => {
    const national = { scope: 'national', lines: [] };
    const { lines } = linesWithGrade(national, 'nursing', 'band5', AFC, { 'bank-day': 'ignored', 'cap-day': '29.96' });
    expect(lines).toEqual([{ staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 2996 }]);
  });
});

describe('rateErrors', () => {
  it('puts the DTO’s refusal of a negative or too high rate beside the rate typed', async () => {
    const { lines, bandAt } = linesWithGrade(systemCard, 'nursing', 'band5', AFC, {
      'bank-day': '-5',
      'cap-day': '26',
      'bank-night': '23',
      'cap-night': '1000.01',
    });
    expect(rateErrors(await refusalsOf(lines), lines, bandAt)).toEqual([
      { href: '#bank-day', text: 'The bank rate for weekday days must be more than £0' },
      { href: '#cap-night', text: 'The agency cap for weekday nights must be £1,000.00 or less' },
    ]);
  });

  it('asks for the missing rate of a band given only one', async () => {
    const { lines, bandAt } = linesWithGrade(systemCard, 'nursing', 'band5', AFC, { 'bank-day': '18' });
    expect(rateErrors(await refusalsOf(lines), lines, bandAt)).toEqual([
      {
        href: '#cap-day',
        text: 'Enter the agency cap for weekday days, or leave both rates empty to take weekday days off the card',
      },
    ]);
  });

  it('gives up (null) on a refusal of a line the form did not send', () => {
    const { lines, bandAt } = linesWithGrade(systemCard, 'nursing', 'band5', AFC, {});
    expect(rateErrors([{ field: 'lines[0].grade', message: 'no' }], lines, bandAt)).toBeNull();
  });
});

describe('cardErrors', () => {
  it('puts a missing name, a bad date and a CSV row beside their fields', () => {
    expect(
      cardErrors(
        [
          { field: 'name', message: 'name must be a string' },
          { field: 'effectiveFrom', message: 'must be a date' },
          { field: 'lines[3].bankRatePence', message: 'bankRatePence must not be less than 1' },
          { field: 'csv', message: 'missing column band' },
        ],
        {},
      ),
    ).toEqual([
      { href: '#name', text: 'Enter a name for the draft' },
      { href: '#effectiveFrom-day', text: 'The date must be a real date, like 1 4 2027' },
      { href: '#file', text: 'Row 5 of the file: bankRatePence must be a whole number of pence from 1 to 100000' },
      { href: '#file', text: 'The file could not be used: missing column band' },
    ]);
  });

  it('says once what is wrong with a cell that class-validator refuses several ways', () => {
    const refusals = ['must not be greater than 100000', 'must not be less than 1', 'must be an integer number'].map(
      (message) => ({ field: 'lines[6].bankRatePence', message: `bankRatePence ${message}` }),
    );
    expect(cardErrors(refusals, { name: 'Card' })).toEqual([
      { href: '#file', text: 'Row 8 of the file: bankRatePence must be a whole number of pence from 1 to 100000' },
    ]);
  });
});
