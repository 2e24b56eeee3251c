import type { Report } from '../report.js';

/** One JSON document: the report as it is (already masked). */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
