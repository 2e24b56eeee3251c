/** Streamlit: `.streamlit/secrets.toml` (the working folder, the script's folder) and `~/.streamlit/secrets.toml`. */
import { dirOf } from '../../core/paths.js';
import type { Reader } from './reader.js';
import { readToml } from './toml.js';

export const streamlitReader: Reader = {
  store: 'streamlit',
  what: 'Streamlit secrets file',
  match(rel) {
    if (!/(^|\/)\.streamlit\/secrets\.toml$/.test(rel)) return undefined;
    return { role: 'project', dir: dirOf(dirOf(rel)) };
  },
  parse: (text, shown, ctx) => readToml(text, shown, 'streamlit-secrets', ctx.notes, 'the Streamlit secrets file'),
  // a git-ignored .streamlit/ is not walked: read it by path next to the Python files
  probe: { near: /\.py$/, rel: '.streamlit/secrets.toml' },
  home: [{ rel: '.streamlit/secrets.toml', role: 'global' }],
};
