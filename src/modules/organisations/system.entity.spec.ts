import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RELEASE_CASCADE } from '../time-bands/index.js';
import { DEFAULT_RELEASE_CASCADE_JSONB } from './system.entity.js';

describe('systems’ default release cascade', () => {
  it('is the rule book’s defaults, written as PostgreSQL prints jsonb', () => {
    expect(JSON.parse(DEFAULT_RELEASE_CASCADE_JSONB)).toEqual(DEFAULT_RELEASE_CASCADE);
  });
});
