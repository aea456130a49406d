import { RECORD_FORMAT_VERSION, MemoryStore } from '../../../src/store/memory-store';
import { StoreKind } from '../../../src/store/data-store';
import { decodeRecord, encodeRecord } from '../../../src/store/record-codec';
import { RecordFormatError } from '../../../src/store/store-errors';
import { JsonText } from '../../../src/util/json-text';

describe('record codec', () => {
  it('encodes {"v":1,"data":...}', () => {
    expect(RECORD_FORMAT_VERSION).toBe(1);
    expect(encodeRecord({ a: [1, 'x'] })).toBe('{"v":1,"data":{"a":[1,"x"]}}');
  });

  it('embeds pre-written JSON text byte for byte as the envelope of the value would be', () => {
    const value = { Tenant: 'cgrates.org', SQItems: [{ EventID: 'e"1', ExpiryTime: null }] };
    expect(encodeRecord(new JsonText(JSON.stringify(value)))).toBe(encodeRecord(value));
  });

  it('round-trips JSON values', () => {
    for (const data of [null, 0, 'x', [1, 2], { nested: { deep: [true, null] } }]) {
      expect(decodeRecord(encodeRecord(data), 'k')).toEqual(data);
    }
  });

  it('reads what MemoryStore writes (one encoding for every backend)', async () => {
    const memory = new MemoryStore();
    const data = { SQItems: [{ EventID: 'e1' }], Compressed: false };
    await memory.writeBatch([{ op: 'set', kind: StoreKind.STAT_QUEUE, tenant: 't', id: 'q', data }]);
    const [record] = await memory.loadAll(StoreKind.STAT_QUEUE);
    expect(decodeRecord(encodeRecord(record?.data), 'k')).toEqual(data);
  });

  it.each([
    ['{"v":2,"data":{}}', /k1: unsupported record format version 2 \(this build reads version 1\)/],
    ['{"v":"1","data":{}}', /unsupported record format version "1"/],
    ['{"data":{}}', /no format version field/],
    ['[1]', /no format version field/],
    ['not json', /not valid JSON/],
  ])('refuses %s', (encoded, message) => {
    expect(() => decodeRecord(encoded, 'k1')).toThrow(RecordFormatError);
    expect(() => decodeRecord(encoded, 'k1')).toThrow(message);
  });

  it('throws on values JSON cannot encode', () => {
    expect(() => encodeRecord({ n: 1n })).toThrow(TypeError);
  });
});
