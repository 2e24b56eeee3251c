/**
 * One format's formatter, loading that formatter's module alone: a command printing text does not
 * load the HTML page (its style, script and hashes), SARIF or Markdown. The same functions as
 * index.ts's `format`.
 */
import type { Report } from '../report.js';
import type { Format, FormatOptions } from './index.js';

export type Formatter = (report: Report, opts: FormatOptions) => string;

export async function loadFormatter(format: Format): Promise<Formatter> {
  switch (format) {
    case 'json': {
      const { formatJson } = await import('./json.js');
      return (report) => formatJson(report);
    }
    case 'markdown': {
      const { formatMarkdown } = await import('./markdown.js');
      return (report) => formatMarkdown(report);
    }
    case 'sarif': {
      const { formatSarif } = await import('./sarif.js');
      return (report, opts) => formatSarif(report, opts.meta);
    }
    case 'html': {
      const { formatHtml } = await import('./html.js');
      return (report) => formatHtml(report);
    }
    default: {
      const { formatText } = await import('./text.js');
      return (report, opts) => formatText(report, opts);
    }
  }
}
