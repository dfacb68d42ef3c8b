// Jest setup file: the structured log (platform/log.ts) writes warnings and errors only, unless the
// run sets HOTLINE_LOG_LEVEL; tests that read log lines capture them (test/setup/log-capture.ts).
process.env.HOTLINE_LOG_LEVEL ??= 'WARN';
