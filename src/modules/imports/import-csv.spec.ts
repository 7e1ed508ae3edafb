import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { bankWorkersImporter } from './bank-workers.importer.js';
import { shiftsImporter } from './shifts.importer.js';
import { timesheetsImporter } from './timesheets.importer.js';
import { MAX_IMPORT_ERRORS } from './import.entity.js';
import { booleanCell, integerCell, listCell, readCsv, RowErrors } from './import-csv.js';

const COLUMNS = { required: ['a', 'b'], optional: ['c'] };

describe('readCsv', () => {
  it('numbers records by their line, the header being line 1, and leaves empty cells out', async () => {
    const errors = new RowErrors();

    const records = await readCsv(Buffer.from('\uFEFFa,b,c\n1,2,\n\n"x\ny",3,4\n'), COLUMNS, errors);

    expect(errors.empty).toBe(true);
    expect(records).toEqual([
      { row: 2, values: { a: '1', b: '2' } },
      { row: 5, values: { a: 'x\ny', b: '3', c: '4' } },
    ]);
  });

  it('names every unknown, repeated and missing column, and reads no further', async () => {
    const errors = new RowErrors();

    const records = await readCsv(Buffer.from('a,a,d\n1,2,3\n'), COLUMNS, errors);

    expect(records).toEqual([]);
    expect(errors.kept).toEqual([
      { row: 1, field: 'a', message: 'column a appears twice' },
      { row: 1, field: 'd', message: 'unknown column d' },
      { row: 1, field: 'b', message: 'missing column b' },
    ]);
  });

  it('refuses a row with more or fewer fields than the header', async () => {
    const errors = new RowErrors();

    await readCsv(Buffer.from('a,b\n1\n1,2,3\n'), COLUMNS, errors);

    expect(errors.kept).toEqual([
      { row: 2, field: null, message: 'the row has 1 fields; the header has 2' },
      { row: 3, field: null, message: 'the row has 3 fields; the header has 2' },
    ]);
  });

  it('says when the file has no header at all', async () => {
    const errors = new RowErrors();

    await readCsv(Buffer.from('\n\n'), COLUMNS, errors);

    expect(errors.kept).toEqual([
      { row: 0, field: null, message: 'the file is empty: it needs a header and at least one row' },
    ]);
  });
});

describe('RowErrors', () => {
  it('counts every error but keeps the first thousand', () => {
    const errors = new RowErrors();

    for (let row = 2; row < MAX_IMPORT_ERRORS + 502; row += 1) errors.add(row, 'a', 'bad');

    expect(errors.count).toBe(MAX_IMPORT_ERRORS + 500);
    expect(errors.kept).toHaveLength(MAX_IMPORT_ERRORS);
    expect(errors.kept.at(-1)).toEqual({ row: MAX_IMPORT_ERRORS + 1, field: 'a', message: 'bad' });
  });
});

describe('cells', () => {
  it('turns whole numbers, booleans and `;` lists into JSON values and leaves anything else for the DTO to refuse', () => {
    expect([integerCell('60'), integerCell('-5'), integerCell('1.5'), integerCell('lunch')]).toEqual([
      60,
      -5,
      '1.5',
      'lunch',
    ]);
    expect([booleanCell('true'), booleanCell('false'), booleanCell('yes')]).toEqual([true, false, 'yes']);
    expect(listCell('a; b;;c')).toEqual(['a', 'b', 'c']);
    expect(listCell(undefined)).toBeUndefined();
  });
});

describe('the sample files in docs/imports', () => {
  it.each([
    ['shifts', shiftsImporter],
    ['timesheets', timesheetsImporter],
    ['bank-workers', bankWorkersImporter],
  ] as const)('%s.csv has the columns its import reads', async (kind, importer) => {
    const errors = new RowErrors();

    const records = await readCsv(readFileSync(`docs/imports/${kind}.csv`), importer.columns, errors);

    expect(errors.kept).toEqual([]);
    expect(records.length).toBeGreaterThan(1);
  });
});
