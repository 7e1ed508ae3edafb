/**
 * Retries an assertion until it passes or the attempts run out (then throws its last error).
 * For conditions that become true asynchronously, such as a reconnect; not a time limit.
 */
export async function eventually<T>(check: () => Promise<T>, attempts = 100, pauseMs = 200): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await new Promise((wake) => setTimeout(wake, pauseMs));
    }
  }
  throw lastError;
}
