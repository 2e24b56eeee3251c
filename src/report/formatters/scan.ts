/** The scan's last line, from the report's `data.scan`: what was read and how long it took. */
import type { Report } from '../report.js';

interface ScanStats {
  files: number;
  bytes: number;
  ms: number;
  commits?: number;
  historyBytes?: number;
  historyMs?: number;
}

/** "Scanned 812 files (3.1 MB) in 95 ms." (undefined for other reports). */
export function scanFooter(report: Report): string | undefined {
  if (report.command !== 'scan') return undefined;
  const scan = report.data?.scan as { mode?: string; stats?: ScanStats } | undefined;
  const stats = scan?.stats;
  if (!stats) return undefined;
  const staged = scan?.mode === 'staged';
  if (staged && stats.files === 0) return `Nothing staged adds a line: nothing to scan (${stats.ms} ms).`;
  const what = staged
    ? `the lines ${stats.files} staged ${stats.files === 1 ? 'file adds' : 'files add'} (${(stats.bytes / 1e3).toFixed(1)} KB)`
    : `${stats.files} ${stats.files === 1 ? 'file' : 'files'} (${(stats.bytes / 1e6).toFixed(1)} MB)`;
  const hist =
    stats.commits !== undefined
      ? `, ${stats.commits} commits (${((stats.historyBytes ?? 0) / 1e6).toFixed(1)} MB of diffs)`
      : '';
  return `Scanned ${what}${hist} in ${stats.ms + (stats.historyMs ?? 0)} ms.`;
}
