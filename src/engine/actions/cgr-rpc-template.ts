import { CGRError } from '../../util/cgr-error';
import { goFmtV } from '../../util/go-fmt';

const TEMPLATE_ACTION = /<<-?\s*(.*?)\s*-?>>/gs;
const FIELD_CHAIN = /^\.ExtraData((?:\.[A-Za-z0-9_*#~-]+)*)$/;

/** True when the text holds Go-template actions (`<< ... >>`). */
export function hasTemplate(text: string): boolean {
  return text.includes('<<');
}

/**
 * Renders the small subset of CGRateS' `*cgr_rpc` Go template (delimiters `<<` `>>`) that needs no
 * Go runtime: `<< .ExtraData >>` and field chains `<< .ExtraData.Event.Account >>`, printed as Go's
 * `%v` prints them (a missing key prints `<no value>`). Anything else (`.Account`, `.Action`,
 * pipelines, functions, `if`/`range`) is refused with an error naming it. Validated at SetActions
 * time with {@link checkTemplate}.
 */
export function renderTemplate(text: string, extraData: unknown): string {
  return text.replace(TEMPLATE_ACTION, (_whole, expr: string) => {
    const m = FIELD_CHAIN.exec(expr);
    if (m === null) throw unsupported(expr);
    let v: unknown = extraData;
    for (const key of (m[1] ?? '').split('.').slice(1)) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return '<no value>';
      v = (v as Record<string, unknown>)[key];
      if (v === undefined) return '<no value>';
    }
    return goFmtV(v);
  });
}

/** Throws the error {@link renderTemplate} would throw for an unsupported action, without rendering. */
export function checkTemplate(text: string): void {
  for (const m of text.matchAll(TEMPLATE_ACTION)) {
    const expr = m[1] ?? '';
    if (!FIELD_CHAIN.test(expr)) throw unsupported(expr);
  }
}

function unsupported(expr: string): CGRError {
  return new CGRError(
    `*cgr_rpc template action <<${expr}>> is not supported: only << .ExtraData >> and << .ExtraData.Field... >> are`,
  );
}
