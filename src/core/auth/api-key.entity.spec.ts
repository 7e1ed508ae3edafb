import { describe, expect, it } from '@jest/globals';
import { signoffLevelOfRankSql, signoffLevelsSql, signoffRank, signoffRankSql } from './api-key.entity.js';

describe('the sign-off ranking', () => {
  it('ranks senior manager below executive below chief executive, none lowest', () => {
    expect(
      [null, 'senior_manager', 'executive', 'chief_executive'].map((level) => signoffRank(level as never)),
    ).toEqual([0, 1, 2, 3]);
  });

  it('renders the same ranking in SQL, both ways', () => {
    expect(signoffRankSql('b.level')).toBe(
      "CASE b.level WHEN 'senior_manager' THEN 1 WHEN 'executive' THEN 2 WHEN 'chief_executive' THEN 3 ELSE 0 END",
    );
    expect(signoffLevelOfRankSql('j.rank')).toBe(
      "CASE j.rank WHEN 1 THEN 'senior_manager' WHEN 2 THEN 'executive' WHEN 3 THEN 'chief_executive' END",
    );
    expect(signoffLevelsSql()).toBe("('senior_manager', 'executive', 'chief_executive')");
  });
});
