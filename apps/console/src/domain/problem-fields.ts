import type { ErrorCode } from '@app/domain';

/*
 * Domain refusals name their rule by code and often no field; these are the fields of the
 * console's forms they concern, so the message shows beside the field rather than above the form.
 * Every key must be a code of the domain's catalogue.
 */
const CODE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'APPRAISAL.PANEL_CONFLICT': ['panel'],
  'APPRAISAL.PANEL_TOO_SMALL': ['panel'],
  'APPRAISAL.SCORE_OUT_OF_RANGE': ['scores'],
  'APPRAISAL.CRITERION_MISSING': ['scores'],
  'APPRAISAL.UNKNOWN_CRITERION': ['scores'],
  'FUNDING.CAP_EXCEEDED': ['recommendedSupportVnd', 'requestedSupportVnd', 'changes.supportDeltaVnd'],
  'FUNDING.EXCEEDS_REQUESTED': ['recommendedSupportVnd'],
  'FUNDING.EXCEEDS_RECOMMENDED': ['approvedSupportVnd'],
  'FUNDING.BUDGET_EXCEEDED': ['approvedSupportVnd', 'changes.supportDeltaVnd'],
  'PROJECT.DATE_IN_FUTURE': ['decidedOn', 'signedOn', 'startedOn', 'measuredOn'],
  'PROJECT.FUNDING_MISMATCH': ['counterpartVnd'],
  'PROJECT.DATES_OUT_OF_ORDER': ['plannedEnd'],
  'PROJECT.CATEGORY_NOT_ALLOWED': ['category'],
  'PROJECT.UNKNOWN_CATEGORY': ['category'],
  'PROJECT.BENEFICIARY_KIND_NOT_ALLOWED': ['beneficiary.kind'],
  'PROJECT.OUT_OF_PROGRAMME_AREA': ['beneficiary.province'],
  'AREA.UNKNOWN_PROVINCE': ['beneficiary.province'],
  'AREA.UNKNOWN_COMMUNE': ['beneficiary.commune'],
  'AREA.COMMUNE_OUTSIDE_PROVINCE': ['beneficiary.commune'],
  'PROJECT.DECLARATION_MISSING': ['declarations.counterpartCommitted'],
  'TRANCHE.SCHEDULE_EXCEEDS_APPROVED': ['tranches'],
  'TRANCHE.SCHEDULE_INVALID': ['tranches'],
  'TRANCHE.EXCEEDS_SCHEDULE': ['amountVnd'],
  'TRANCHE.FIRST_ADVANCE_LIMIT': ['amountVnd'],
  'TRANCHE.ADVANCE_CEILING': ['amountVnd'],
  'TRANCHE.PAYMENT_ORDER_DUPLICATE': ['paymentOrderNo'],
  'PROGRESS.PERCENT_OUT_OF_RANGE': ['percentComplete'],
  'PROGRESS.REGRESSED': ['percentComplete'],
  'PROGRESS.INVALID_PERIOD': ['period'],
  'PROGRESS.PERIOD_OUT_OF_ORDER': ['period'],
  'PROGRESS.PERIOD_IN_FUTURE': ['period'],
  'PROGRESS.PERIOD_ALREADY_REPORTED': ['period'],
  'SETTLEMENT.EXCEEDS_SPENT': ['approvedVnd'],
  'SETTLEMENT.EXCEEDS_APPROVED': ['spentVnd'],
  'REFUND.EXCEEDS_OUTSTANDING': ['amountVnd'],
  'ACCEPTANCE.DEFECTS_REQUIRED': ['defects'],
  'AMENDMENT.KIND_MISMATCH': ['kind'],
  'AMENDMENT.UNKNOWN_KIND': ['kind'],
  'AMENDMENT.MONEY_EFFECT_MISMATCH': ['changes.supportDeltaVnd'],
  'AMENDMENT.SCHEDULE_CANNOT_ABSORB': ['changes.supportDeltaVnd'],
} satisfies Partial<Record<ErrorCode, readonly string[]>>;

/** The form field a problem code concerns, if the form has one. */
export function fieldOfCode(code: string | undefined, details: Readonly<Record<string, unknown>> | undefined, fieldNames: readonly string[]): string | undefined {
  const named = typeof details?.field === 'string' ? details.field : undefined;
  if (named && fieldNames.includes(named)) return named;
  return (code ? CODE_FIELDS[code] : undefined)?.find((f) => fieldNames.includes(f));
}
