import type { Report } from '../report.js';
import type { MetaLookup } from '../../checks/meta.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText, type TextOptions } from './text.js';

export type Format = 'text' | 'json' | 'markdown' | 'sarif' | 'html';

export interface FormatOptions extends TextOptions {
  format: Format;
  /** The findings' catalog (SARIF's rules): the lookup the report was built with. */
  meta: MetaLookup;
}

/** Pure: a report in, a string out. */
export function format(report: Report, opts: FormatOptions): string {
  switch (opts.format) {
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'sarif':
      return formatSarif(report, opts.meta);
    case 'html':
      return formatHtml(report);
    default:
      return formatText(report, opts);
  }
}
