import { CGRError } from '../src/util/cgr-error';

const LEADING_FLAGS = /^\(\?([a-zA-Z]+)\)/;

/**
 * Compiles a Go RE2 pattern (`regexp.Compile`) as a JS RegExp, unanchored like Go's `MatchString`.
 *
 * The dialects differ; the common Go spellings are translated: a leading `(?i)`/`(?s)`/`(?m)` flag
 * group, `(?P<name>...)`, `\A` and `\z`. The pattern is tried with the `u` flag first (code-point
 * semantics, as Go matches runes) and without it when JS' unicode mode rejects Go-legal escapes.
 * Back-references and look-arounds, which RE2 refuses, are accepted here.
 * Throws CGRError `error parsing regexp: <reason>: \`<pattern>\`` (Go's wording) on failure.
 */
export function compileGoRegExp(pattern: string): RegExp {
  let src = pattern;
  let flags = '';
  const lead = LEADING_FLAGS.exec(src);
  if (lead !== null) {
    for (const f of lead[1] ?? '') {
      if (f !== 'i' && f !== 's' && f !== 'm') {
        throw new CGRError(
          `error parsing regexp: invalid or unsupported Perl syntax: \`(?${lead[1] ?? ''}\``,
        );
      }
      if (!flags.includes(f)) flags += f;
    }
    src = src.slice(lead[0].length);
  }
  src = translateEscapes(src);
  try {
    return new RegExp(src, `${flags}u`);
  } catch {
    try {
      return new RegExp(src, flags);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new CGRError(`error parsing regexp: ${reason}: \`${pattern}\``);
    }
  }
}

// Rewrites the RE2-only spellings outside character classes; escapes are copied through untouched.
function translateEscapes(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length) {
      const n = src[i + 1];
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'z') out += '(?![\\s\\S])';
      else out += `\\${n ?? ''}`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member in both dialects.
      if (src[i + 1] === '^') {
        out += '[^';
        i++;
      } else out += '[';
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    } else if (c === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  return out;
}
