/**
 * What of an error may reach a log line. Errors from HTTP client libraries often carry the request
 * they failed on (axios did: `config.data`, the whole body — a payer's name and ID number); a
 * structured logger that serialises every property would print it. So only names, messages, codes and the stack,
 * down the cause chain, ever leave here.
 */
export interface LoggableError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly status?: number;
  readonly type?: string;
  readonly stack?: string;
  readonly cause?: LoggableError;
}

export function loggableError(error: unknown, depth = 0): LoggableError {
  if (!(error instanceof Error)) return { name: 'NonError', message: String(error).slice(0, 200) };
  const { code, status, type } = error as { code?: unknown; status?: unknown; type?: unknown };
  return {
    name: error.name,
    message: error.message.slice(0, 500),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    stack: error.stack?.split('\n').slice(0, 8).join('\n'),
    ...(error.cause !== undefined && depth < 3 ? { cause: loggableError(error.cause, depth + 1) } : {}),
  };
}
