import { resolveSeriesSettings } from '../../../src/series/series-config';
import { DEFAULT_CONFIG } from '../../../src/config/schema';

describe('resolveSeriesSettings', () => {
  it('fills the DESIGN §3 defaults', () => {
    expect(resolveSeriesSettings()).toEqual({
      enabled: true,
      dbType: '*internal',
      sampleIntervalMs: 10_000,
      retentionMs: 86_400_000,
      influxUrl: 'http://127.0.0.1:8086',
      influxDatabase: 'statqueue',
    });
  });

  it('agrees with the config schema defaults', () => {
    expect(resolveSeriesSettings(DEFAULT_CONFIG.series)).toEqual(resolveSeriesSettings());
  });

  it.each<[string | number, number]>([
    ['5s', 5_000],
    ['1m', 60_000],
    [30_000_000_000, 30_000],
    ['1500ms', 1_500],
  ])('reads sample_interval %j', (v, ms) => {
    expect(resolveSeriesSettings({ sample_interval: v }).sampleIntervalMs).toBe(ms);
  });

  it('rounds retention up to whole minutes', () => {
    expect(resolveSeriesSettings({ retention: '90s' }).retentionMs).toBe(120_000);
    expect(resolveSeriesSettings({ retention: '168h' }).retentionMs).toBe(7 * 86_400_000);
  });

  it.each<[object, RegExp]>([
    [{ sample_interval: '' }, /^series\.sample_interval: must be between 1s and 1m/],
    [{ sample_interval: '500ms' }, /^series\.sample_interval/],
    [{ sample_interval: '2m' }, /^series\.sample_interval/],
    [{ sample_interval: 'soon' }, /^series\.sample_interval: time: invalid duration/],
    [{ retention: '30s' }, /^series\.retention: must be at least 1m/],
    [{ db_type: '*redis' }, /^series\.db_type/],
    [{ db_type: '*influxdb', influxdb: { url: 'udp://x:8089' } }, /^series\.influxdb\.url/],
    [{ db_type: '*influxdb', influxdb: { database: '' } }, /^series\.influxdb\.database/],
  ])('refuses %j', (cfg, msg) => {
    expect(() => resolveSeriesSettings(cfg)).toThrow(msg);
  });
});
