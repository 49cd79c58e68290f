// How long opening a server connection may take (TCP, TLS, login) before athanor gives up: without a bound,
// node-postgres waits for the OS (over two minutes when packets are dropped) and forever for a server that
// accepts TCP and never answers.

/** The default: long enough for a slow network, short enough that a wrong host does not look like a hang. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export class ConnectTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(
      `no answer from the server within ${timeoutMs / 1000} s (connect timeout: opening the connection and logging in); ` +
        'set ?connect_timeout=SECONDS in the URL or connectTimeoutMs in the config to wait longer',
    );
    this.name = 'ConnectTimeoutError';
  }
}

/**
 * Runs a driver's connect, which was given `timeoutMs` itself (so its socket is closed when time is up), and
 * reports a failure that came when the time ran out as a ConnectTimeoutError, whatever the driver called it.
 */
export async function connectWithin<T>(timeoutMs: number, connect: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await connect();
  } catch (error) {
    // a refusal comes at once; the driver's own timer fires at timeoutMs (timers may fire a little early)
    if (timeoutMs > 0 && performance.now() - started >= timeoutMs * 0.95) throw new ConnectTimeoutError(timeoutMs);
    throw error;
  }
}
