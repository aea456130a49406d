import type { ResolvedFilter } from '../../../src/engine/filter-index';
import { matchProfiles } from '../../../src/engine/profile-matcher';
import type { MatchCandidate, MatchRequest, MatchableProfile } from '../../../src/engine/profile-matcher';
import type { EventDP } from '../../../src/engine/types';

const dp: EventDP = { '*req': {}, '*opts': {} };

const profile = (id: string, extra: Partial<MatchableProfile> = {}): MatchableProfile => ({
  id,
  filterIDs: [],
  activation: null,
  weight: 0,
  blocker: false,
  ...extra,
});

const candidate = (payload: MatchableProfile, proven = false): MatchCandidate<MatchableProfile> => ({
  payload,
  filters: null,
  proven,
});

function request(
  candidates: MatchCandidate<MatchableProfile>[],
  extra: Partial<MatchRequest<MatchableProfile>> = {},
): MatchRequest<MatchableProfile> {
  return {
    tenant: 'cgrates.org',
    candidates,
    dp,
    atMs: () => 0,
    ignoreFilters: false,
    pass: () => true,
    ...extra,
  };
}

describe('matchProfiles', () => {
  it.each([3, 8, 9, 40])('sorts %i matches by Weight descending, ties by ID', (n) => {
    const ps = Array.from({ length: n }, (_, i) => profile(`P${(i * 7) % n}`, { weight: (i * 5) % 4 }));
    const expected = [...ps].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1)).map((p) => p.id);
    expect(matchProfiles(request(ps.map((p) => candidate(p)))).map((p) => p.id)).toEqual(expected);
  });

  it('cuts after the first Blocker in sorted order', () => {
    const ps = [
      profile('A', { weight: 1 }),
      profile('B', { weight: 3, blocker: true }),
      profile('C', { weight: 2 }),
    ];
    expect(matchProfiles(request(ps.map((p) => candidate(p)))).map((p) => p.id)).toEqual(['B']);
  });

  it('asks for the event time at most once, and only for a candidate with an ActivationInterval', () => {
    const atMs = jest.fn(() => 1000);
    const plain = [profile('A'), profile('B')];
    matchProfiles(
      request(
        plain.map((p) => candidate(p)),
        { atMs },
      ),
    );
    expect(atMs).not.toHaveBeenCalled();
    const timed = [
      profile('T1', { activation: { activationMs: 500, expiryMs: 2000 } }),
      profile('T2', { activation: { activationMs: 1500, expiryMs: 2000 } }),
      profile('P'),
    ];
    expect(
      matchProfiles(
        request(
          timed.map((p) => candidate(p)),
          { atMs },
        ),
      ).map((p) => p.id),
    ).toEqual(['P', 'T1']);
    expect(atMs).toHaveBeenCalledTimes(1);
  });

  it('runs FilterS.Pass unless the index proved the candidate, or filters are ignored', () => {
    const filters: ResolvedFilter[] = [];
    const pass = jest.fn(() => false);
    const withFilters = (id: string): MatchableProfile => profile(id, { filterIDs: ['F'] });
    const proven = candidate(withFilters('PROVEN'), true);
    const checked: MatchCandidate<MatchableProfile> = {
      payload: withFilters('CHECKED'),
      filters,
      proven: false,
    };
    expect(matchProfiles(request([proven, checked], { pass })).map((p) => p.id)).toEqual(['PROVEN']);
    expect(pass).toHaveBeenCalledTimes(1);
    expect(pass).toHaveBeenCalledWith('cgrates.org', ['F'], filters, dp);
    pass.mockClear();
    expect(matchProfiles(request([checked], { pass, ignoreFilters: true })).map((p) => p.id)).toEqual([
      'CHECKED',
    ]);
    expect(pass).not.toHaveBeenCalled();
  });
});
