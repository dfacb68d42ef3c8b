// Configuration: defaults, one clear message per bad value, and `FOO=` meaning unset.
import { ConfigError, loadEnv } from '../../config/env';

describe('loadEnv', () => {
  test('defaults for the embedded stack', () => {
    const e = loadEnv({});
    expect(e).toMatchObject({
      PORT: 3000,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'hotline',
      TEMPORAL_UI_PORT: 8233,
      HOTLINE_FOLLOW_UP_PROVIDER: 'manual',
      HOTLINE_LOG_LEVEL: 'INFO',
      HOTLINE_METRICS_HOST: '127.0.0.1',
    });
    expect(e.TEMPORAL_ADDRESS).toBeUndefined();
    expect(e.HOTLINE_METRICS_PORT).toBeUndefined();
    expect(e.HOTLINE_WORKER_METRICS_PORT).toBeUndefined();
  });

  test('every bad value is named with its reason, all at once', () => {
    let err: unknown;
    try {
      loadEnv({ PORT: 'eighty', TEMPORAL_ADDRESS: 'no-port', SMTP_URL: 'http://mail', HOTLINE_JWT_SECRET: 'short' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/PORT: /);
    expect(msg).toMatch(/TEMPORAL_ADDRESS: expected host:port/);
    expect(msg).toMatch(/SMTP_URL: expected smtp:\/\/host:port/);
    expect(msg).toMatch(/HOTLINE_JWT_SECRET: must be at least 16 characters/);
  });

  test('an empty variable counts as unset (as `FOO=` in .env or compose `${FOO:-}` leaves it)', () => {
    const e = loadEnv({ HOTLINE_CALLBACK_SECRET: '', HOTLINE_VOICE_URL: '', PORT: '' });
    expect(e.HOTLINE_CALLBACK_SECRET).toBeUndefined();
    expect(e.HOTLINE_VOICE_URL).toBeUndefined();
    expect(e.PORT).toBe(3000);
  });

  test('the voice provider needs its URL', () => {
    expect(() => loadEnv({ HOTLINE_FOLLOW_UP_PROVIDER: 'voice' })).toThrow(/HOTLINE_VOICE_URL: required/);
    expect(loadEnv({ HOTLINE_FOLLOW_UP_PROVIDER: 'voice', HOTLINE_VOICE_URL: 'http://127.0.0.1:9000/call' }).HOTLINE_VOICE_URL).toBe(
      'http://127.0.0.1:9000/call',
    );
  });
});
