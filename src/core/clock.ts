/**
 * Milliseconds on a monotonic clock, for the durations a report states. Not performance.now():
 * its first use loads Node's perf_hooks modules (0.7 ms), a share of a small scan's start-up.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
