import { Destinations } from '../../../src/engine/destinations';
import { Timings } from '../../../src/engine/timings';

describe('Destinations', () => {
  it('sets, reads, lists and removes destinations', () => {
    const d = new Destinations();
    const prefixes = ['+49151', '+49160'];
    d.set({ ID: 'DST_DE_MOBILE', Prefixes: prefixes });
    d.set({ ID: 'DST_FS', Prefixes: ['10'] });
    prefixes.push('+49999');
    expect(d.prefixes('DST_DE_MOBILE')).toEqual(['+49151', '+49160']);
    expect(d.get('DST_FS')).toEqual({ ID: 'DST_FS', Prefixes: ['10'] });
    expect(d.ids()).toEqual(['DST_DE_MOBILE', 'DST_FS']);
    d.set({ ID: 'DST_FS', Prefixes: ['20'] });
    expect(d.prefixes('DST_FS')).toEqual(['20']);
    d.remove('DST_FS');
    expect(d.prefixes('DST_FS')).toBeUndefined();
    expect(() => d.remove('DST_FS')).toThrow('NOT_FOUND');
  });
});

describe('Timings', () => {
  it('sets, reads, lists and removes timings', () => {
    const t = new Timings();
    t.set({
      ID: 'WORK',
      Years: [],
      Months: [],
      MonthDays: [],
      WeekDays: [1, 2, 3, 4, 5],
      StartTime: '08:00:00',
      EndTime: '',
    });
    expect(t.get('WORK')?.WeekDays).toEqual([1, 2, 3, 4, 5]);
    expect(t.ids()).toEqual(['WORK']);
    t.remove('WORK');
    expect(t.get('WORK')).toBeUndefined();
    expect(() => t.remove('WORK')).toThrow('NOT_FOUND');
  });
});
