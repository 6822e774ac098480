import type { Request } from 'express';
import { type AreaFields, type AreaWarning, checkArea, errorMessage } from '@app/domain';
import { answerLanguage } from '../http/language';
import { ProblemException } from '../http/problem-details.filter';

/** A warning in a command's answer: a pre-reform unit that was accepted as given. */
export interface CommandWarning {
  readonly code: AreaWarning['code'];
  readonly field: string;
  readonly message: string;
}

/**
 * Checks a command's province (and commune) against the administrative registers before the
 * command runs: refuses (422, naming the field, with the nearest units by code) a code in neither
 * register or a commune of another province, and gives the warnings of pre-reform units in the
 * language of the answer.
 *
 * @example
 * const warnings = checkAreasOf({ province: '72', commune: '25480' }, { province: 'beneficiary.province', commune: 'beneficiary.commune' }, req);
 */
export function checkAreasOf(input: AreaFields, fields: { readonly province: string; readonly commune?: string }, request: Request): CommandWarning[] {
  const check = checkArea(input, fields);
  if (!check.ok) {
    const { refusal } = check;
    throw new ProblemException({ status: 422, code: refusal.code, detail: refusal.message, errors: [{ field: refusal.field, message: refusal.message }], details: refusal.details });
  }
  const lang = answerLanguage(request.headers['accept-language']);
  return check.warnings.map((warning) => ({
    code: warning.code,
    field: warning.field,
    message: lang === 'en' ? warning.message : errorMessage(warning.code, lang, { value: warning.value }),
  }));
}

/** A command's answer with its warnings, added only when there are some. */
export function withWarnings<T extends object>(body: T, warnings: readonly CommandWarning[]): T & { warnings?: readonly CommandWarning[] } {
  return warnings.length > 0 ? { ...body, warnings } : body;
}
