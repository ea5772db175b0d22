/**
 * Structured log lines (one JSON object per line on stderr). Callers pass fields, never
 * secrets; `err` is reduced to its message and stable tags so a server response that
 * echoes a credential can't leak through a stack or a nested object.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (level: Level, msg: string, fields: Record<string, unknown> = {}) => {
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
    for (const [key, value] of Object.entries(fields)) entry[key] = key === 'err' ? describeError(value) : value;
    write(JSON.stringify(entry));
  };
  return {
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The parts of an error that are safe and useful to log. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const tagged = err as Error & { code?: unknown; responseStatus?: unknown; serverResponseCode?: unknown };
  return {
    name: err.name,
    message: err.message,
    ...(tagged.code !== undefined && { code: tagged.code }),
    ...(tagged.serverResponseCode !== undefined && { serverResponseCode: tagged.serverResponseCode }),
  };
}
