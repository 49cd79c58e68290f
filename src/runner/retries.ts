// Lock retries: a step that gave up waiting for a lock held by another session (lock_timeout) left nothing
// behind when it ran in its own transaction, so it is tried again after a backoff.
import { StepFailedError } from './failure.js';

export interface RetryPolicy {
  /** how many times a step may be tried again */
  retries: number;
  /** first backoff in ms; doubles each retry */
  delayMs: number;
  /** true when the failure left nothing behind and came from a lock timeout */
  retryable(error: StepFailedError): boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, fails for another reason, or the retries are spent. */
export async function withLockRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StepFailedError)) throw error;
      if (retry >= policy.retries || !policy.retryable(error)) throw error.afterRetries(retry);
      await sleep(policy.delayMs * 2 ** retry);
    }
  }
}
