import fc from 'fast-check';
import { StoreKind } from '../../../src/store/data-store';
import { DEFAULT_KEY_PREFIX, RedisKeyLayout } from '../../../src/store/redis-key-layout';
import { RecordFormatError } from '../../../src/store/store-errors';

/** Redis glob matching (the subset SCAN MATCH uses: `*`, `?`, `[...]`, `\` escapes), for checking patterns. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\') re += (glob[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

describe('RedisKeyLayout', () => {
  const layout = new RedisKeyLayout();

  it('builds <prefix>:{<kind>}:<tenant>:<id> keys', () => {
    expect(DEFAULT_KEY_PREFIX).toBe('statqueue');
    expect(layout.recordKey(StoreKind.STAT_QUEUE, 'cgrates.org', 'Stats1')).toBe(
      'statqueue:{stat_queue}:cgrates.org:Stats1',
    );
    expect(layout.recordKey(StoreKind.ACTIONS, '', 'ACT_1')).toBe('statqueue:{actions}::ACT_1');
    expect(layout.hashTag(StoreKind.THRESHOLD)).toBe('{threshold}');
  });

  it('escapes ":" and "%" in tenants only', () => {
    expect(layout.recordKey(StoreKind.FILTER, 'a:b%c', 'x:y{z}')).toBe('statqueue:{filter}:a%3Ab%25c:x:y{z}');
    expect(layout.parseKey(StoreKind.FILTER, 'statqueue:{filter}:a%3Ab%25c:x:y{z}')).toEqual({
      tenant: 'a:b%c',
      id: 'x:y{z}',
    });
  });

  it('parses back every tenant and id it builds (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(StoreKind)),
        fc.string(),
        fc.string(),
        (kind, tenant, id) => {
          const key = layout.recordKey(kind, tenant, id);
          expect(layout.parseKey(kind, key)).toEqual({ tenant, id });
          expect(globToRegExp(layout.scanPattern(kind)).test(key)).toBe(true);
        },
      ),
    );
  });

  it('scans only its own kind and prefix, with glob characters of the prefix escaped', () => {
    const odd = new RedisKeyLayout('sq*[1]?');
    const pattern = globToRegExp(odd.scanPattern(StoreKind.STAT_QUEUE));
    expect(pattern.test(odd.recordKey(StoreKind.STAT_QUEUE, 't', 'i'))).toBe(true);
    expect(pattern.test(odd.recordKey(StoreKind.STAT_PROFILE, 't', 'i'))).toBe(false);
    expect(pattern.test('sqX[1]?:{stat_queue}:t:i')).toBe(false);
    const nested = new RedisKeyLayout('statqueue:test');
    expect(
      globToRegExp(layout.scanPattern(StoreKind.STAT_QUEUE)).test(
        nested.recordKey(StoreKind.STAT_QUEUE, 't', 'i'),
      ),
    ).toBe(false);
  });

  it('refuses keys of another kind or prefix', () => {
    expect(() => layout.parseKey(StoreKind.THRESHOLD, 'statqueue:{stat_queue}:t:i')).toThrow(
      RecordFormatError,
    );
    expect(() => layout.parseKey(StoreKind.THRESHOLD, 'statqueue:{threshold}:no-separator')).toThrow(
      /not a threshold record key/,
    );
  });

  it('refuses prefixes that would move the hash tag', () => {
    expect(() => new RedisKeyLayout('a{b}')).toThrow(/must not contain/);
    expect(() => new RedisKeyLayout('')).toThrow(/empty/);
  });
});
