import type { ErrorKind } from './error-kinds';

/**
 * One entry of the error catalogue: the kind of refusal a code is (the HTTP edge maps kinds to
 * statuses) and an English message template, `{name}` standing for `details.name` where the
 * refusal carries it. The throw sites keep their own, more precise `message` (the `detail` of an
 * answer); these templates are for clients that show a code to people, like the console.
 */
export interface ErrorCatalogueEntry {
  readonly kind: ErrorKind;
  readonly en: string;
}

/**
 * Every error code the engine answers or records, with its kind and message: the domain's
 * refusals, the command path's, the HTTP edge's, the event store's, the webhooks' and the finance
 * inbox's reason codes. A code means one thing: an unknown project or programme addressed by
 * its path is `*.NOT_FOUND`, a programme a command refers to is `PROGRAMME.UNKNOWN`.
 * `apps/api/src/http/error-catalogue.spec.ts` checks that every code in the sources is listed
 * here with the kind it is thrown with, and that every entry is used.
 *
 * @example
 * ERROR_CATALOGUE['FUNDING.CAP_EXCEEDED'].kind; // 'conflict'
 */
export const ERROR_CATALOGUE = {
  'ACCEPTANCE.DEFECTS_REQUIRED': { kind: 'invalid', en: 'A failed acceptance must list the defects.' },
  'AMENDMENT.ALREADY_DECIDED': { kind: 'conflict', en: 'The amendment is already decided.' },
  'AMENDMENT.KIND_MISMATCH': { kind: 'invalid', en: 'The changes do not match the amendment’s kind.' },
  'AMENDMENT.MONEY_EFFECT_MISMATCH': { kind: 'invalid', en: 'support_increase needs a positive supportDeltaVnd, support_decrease a negative one, other kinds none.' },
  'AMENDMENT.NOT_FOUND': { kind: 'not_found', en: 'There is no such amendment.' },
  'AMENDMENT.SCHEDULE_CANNOT_ABSORB': { kind: 'conflict', en: 'No tranche still open can absorb this support change.' },
  'AMENDMENT.SEPARATION_OF_DUTIES': { kind: 'forbidden', en: 'Whoever requested an amendment cannot decide it.' },
  'AMENDMENT.UNKNOWN_KIND': { kind: 'invalid', en: 'Unknown amendment kind.' },
  'APPRAISAL.ALREADY_RECUSED': { kind: 'conflict', en: 'You have already declared a conflict of interest.' },
  'APPRAISAL.ALREADY_SCORED': { kind: 'conflict', en: 'You have already scored this proposal.' },
  'APPRAISAL.BELOW_PASS_MARK': { kind: 'conflict', en: 'The mean score is below the pass mark; support cannot be recommended.' },
  'APPRAISAL.CRITERION_MISSING': { kind: 'invalid', en: 'A criterion has no score.' },
  'APPRAISAL.NOT_ON_PANEL': { kind: 'forbidden', en: 'You are not on this proposal’s panel.' },
  'APPRAISAL.NO_OPEN_PANEL': { kind: 'conflict', en: 'No panel is appraising now.' },
  'APPRAISAL.PANEL_CONFLICT': { kind: 'conflict', en: 'The panel may not include the proposal’s creator, its submitter, or a recused member.' },
  'APPRAISAL.PANEL_TOO_SMALL': { kind: 'conflict', en: 'The panel needs at least {quorum} members.' },
  'APPRAISAL.QUORUM_NOT_MET': { kind: 'conflict', en: 'Not enough valid scores (needs {quorum}).' },
  'APPRAISAL.RECUSED': { kind: 'forbidden', en: 'You declared a conflict of interest and may not score.' },
  'APPRAISAL.SCORE_OUT_OF_RANGE': { kind: 'invalid', en: 'A score is outside the scale.' },
  'APPRAISAL.SEPARATION_OF_DUTIES': { kind: 'forbidden', en: 'The creator or submitter may not appraise.' },
  'APPRAISAL.UNKNOWN_CRITERION': { kind: 'invalid', en: 'A score names a criterion the policy does not have.' },
  'AUDIT.EXPORT_TOO_LARGE': { kind: 'too_large', en: 'The range holds more events than one export may carry (at most {maxEvents}).' },
  'AUTH.FORBIDDEN': { kind: 'forbidden', en: 'You may not do this.' },
  'AUTH.OUT_OF_AREA': { kind: 'forbidden', en: 'The project lies outside your area.' },
  'AUTH.ROLE_NOT_ALLOWED': { kind: 'forbidden', en: 'Your role may not do this.' },
  'AUTH.SCOPE_TOO_NARROW': { kind: 'forbidden', en: 'This covers every project of the province; a token bound by areas or panels cannot read it.' },
  'AUTH.UNAUTHENTICATED': { kind: 'unauthenticated', en: 'Not signed in, or the session has expired.' },
  'COMMAND.CONCURRENT_UPDATE': { kind: 'conflict', en: 'Someone else is changing the project; try again.' },
  'COMMAND.FIELD_REQUIRED': { kind: 'invalid', en: '{field} is required.' },
  'COMMAND.INVALID_FIELD': { kind: 'invalid', en: '{field} is not in the right form.' },
  'COMMAND.PRECONDITION_FAILED': { kind: 'precondition_failed', en: 'Someone else has changed the project.' },
  'CONSOLE.UNKNOWN_DEMO_USER': { kind: 'invalid', en: 'There is no such demo user.' },
  'DATA_KEY.UNWRAP_FAILED': { kind: 'internal', en: 'A stored key could not be unwrapped with the configured key-encryption key.' },
  'DATE.INVALID': { kind: 'invalid', en: '{field} is not a valid date or instant.' },
  'DEADLINE.AFTER_PROGRAMME_END': { kind: 'invalid', en: '{field} is after the end of the programme ({programmeEndsAt}).' },
  'DEADLINE.HARD_STOP': { kind: 'conflict', en: 'The settlement hard stop of the budget year ({hardStop}, budget year {budgetYear}) has passed.' },
  'DEADLINE.IN_PAST': { kind: 'invalid', en: '{field} must be after the time of the command.' },
  'DOCUMENT.ALREADY_ATTACHED': { kind: 'conflict', en: 'The project already has a document with this id.' },
  'DOCUMENT.ALREADY_SUPERSEDED': { kind: 'conflict', en: 'This document has already been superseded.' },
  'DOCUMENT.EMPTY': { kind: 'malformed', en: 'The document is empty.' },
  'DOCUMENT.ERASED': { kind: 'gone', en: 'The project’s personal data was erased: its personal documents can no longer be read or added.' },
  'DOCUMENT.FILE_MISSING': { kind: 'malformed', en: 'The upload has no part named file.' },
  'DOCUMENT.INVALID_HASH': { kind: 'invalid', en: '{field} must be a SHA-256 in lowercase hex.' },
  'DOCUMENT.NO_CONTENT': { kind: 'not_found', en: 'This document is a paper item: it has no stored content.' },
  'DOCUMENT.NOT_FOUND': { kind: 'not_found', en: 'The project has no document {documentId}.' },
  'DOCUMENT.RANGE_NOT_SATISFIABLE': { kind: 'range_not_satisfiable', en: 'The range lies outside the document ({size} bytes).' },
  'DOCUMENT.TOO_LARGE': { kind: 'too_large', en: 'The document is larger than one document may be (at most {maxBytes} bytes).' },
  'DOCUMENT.TYPE_MISMATCH': { kind: 'unsupported_media_type', en: 'The file name’s extension does not match the document’s content.' },
  'DOCUMENT.UNKNOWN': { kind: 'invalid', en: 'These documents are not current documents of the project: {documentIds}.' },
  'DOCUMENT.UNKNOWN_KIND': { kind: 'invalid', en: '{kind} is not a known document kind.' },
  'DOCUMENT.UNSUPPORTED_TYPE': { kind: 'unsupported_media_type', en: 'The document is not of an accepted type: PDF, JPEG, PNG, DOCX, XLSX, ODT or ODS.' },
  'DOSSIER.INCOMPLETE': { kind: 'invalid', en: 'The dossier lacks documents required before {step}: {missing}.' },
  'FINANCE.INVALID_EVENT': { kind: 'invalid', en: 'The finance event cannot be applied as it is.' },
  'FINANCE.REFUSED': { kind: 'invalid', en: 'The finance event was refused.' },
  'FINANCE.RETRY_LATER': { kind: 'unavailable', en: 'The event could not be applied now; it is kept and applied shortly, and may be sent again with the same webhook-id.' },
  'FINANCE.TRANSIENT_FAILURE': { kind: 'unavailable', en: 'The finance event could not be applied now; it is applied on a later attempt.' },
  'FINANCE.UNKNOWN_PAYMENT_ORDER': { kind: 'invalid', en: 'There is no payment order with this number.' },
  'FUNDING.BUDGET_EXCEEDED': { kind: 'conflict', en: 'The programme budget is not enough ({availableVnd} left).' },
  'FUNDING.CAP_EXCEEDED': { kind: 'conflict', en: 'The support exceeds this category’s cap (at most {maxVnd}).' },
  'FUNDING.EXCEEDS_RECOMMENDED': { kind: 'conflict', en: 'The approved support exceeds the recommended support.' },
  'FUNDING.EXCEEDS_REQUESTED': { kind: 'conflict', en: 'The recommended support exceeds the requested support.' },
  'FUNDING.SEPARATION_OF_DUTIES': { kind: 'forbidden', en: 'Whoever created, submitted or scored the proposal cannot decide its funding.' },
  'IDEMPOTENCY.IN_PROGRESS': { kind: 'conflict', en: 'A request with this Idempotency-Key is being processed; retry shortly.' },
  'IDEMPOTENCY.KEY_REUSED': { kind: 'invalid', en: 'This Idempotency-Key was already used for a different request.' },
  'INTERNAL': { kind: 'internal', en: 'An unexpected error occurred; it has been logged.' },
  'MONEY.INVALID_AMOUNT': { kind: 'invalid', en: '{field} must be a whole number of VND.' },
  'NOT_FOUND': { kind: 'not_found', en: 'Not found.' },
  'PAYMENT.ALREADY_CONFIRMED': { kind: 'conflict', en: 'A confirmed payment cannot fail.' },
  'PAYMENT.AMOUNT_MISMATCH': { kind: 'invalid', en: 'The paid amount differs from the payment order.' },
  'PAYMENT.ORDER_FAILED': { kind: 'conflict', en: 'The payment order was reported failed.' },
  'PAYMENT.PENDING': { kind: 'conflict', en: 'A payment is still pending at the treasury.' },
  'PAYMENT.UNKNOWN_ORDER': { kind: 'invalid', en: 'There is no payment order with this number.' },
  'POLICY.NOT_PINNED': { kind: 'invalid', en: 'The decision must use the policy version the project is pinned to.' },
  'PROGRAMME.ALREADY_EXISTS': { kind: 'conflict', en: 'The programme already exists.' },
  'PROGRAMME.BUDGET_BELOW_RESERVED': { kind: 'conflict', en: 'The budget cannot go below what is already reserved for projects.' },
  'PROGRAMME.BUDGET_NOT_POSITIVE': { kind: 'invalid', en: 'A programme needs a positive budget.' },
  'PROGRAMME.DATES_OUT_OF_ORDER': { kind: 'invalid', en: 'Registration must open before it closes.' },
  'PROGRAMME.NOT_FOUND': { kind: 'not_found', en: 'Programme not found.' },
  'PROGRAMME.NOT_FOUND_AT': { kind: 'not_found', en: 'The programme did not exist at that point.' },
  'PROGRAMME.POLICY_MISMATCH': { kind: 'invalid', en: 'The policy is for another source of funds than the programme.' },
  'PROGRAMME.REGISTRATION_CLOSED': { kind: 'conflict', en: 'The programme is not accepting proposals now.' },
  'PROGRAMME.REPLAY_FAILED': { kind: 'conflict', en: 'The programme cannot be replayed to this point.' },
  'PROGRAMME.UNKNOWN': { kind: 'invalid', en: 'The programme named does not exist or is not active.' },
  'PROGRAMME.UNKNOWN_POLICY': { kind: 'invalid', en: 'Unknown policy set.' },
  'PROGRESS.INVALID_PERIOD': { kind: 'invalid', en: 'period must be YYYY-MM.' },
  'PROGRESS.PERCENT_OUT_OF_RANGE': { kind: 'invalid', en: 'percentComplete must be 0..100.' },
  'PROGRESS.PERIOD_ALREADY_REPORTED': { kind: 'conflict', en: 'This month is already reported.' },
  'PROGRESS.PERIOD_IN_FUTURE': { kind: 'invalid', en: 'This month has not come yet.' },
  'PROGRESS.PERIOD_OUT_OF_ORDER': { kind: 'conflict', en: 'The month must come after the last one reported.' },
  'PROGRESS.REGRESSED': { kind: 'conflict', en: 'Progress cannot go down.' },
  'PROJECT.ALREADY_EXISTS': { kind: 'conflict', en: 'The project already exists.' },
  'PROJECT.BENEFICIARY_KIND_NOT_ALLOWED': { kind: 'invalid', en: 'The policy does not support this kind of establishment.' },
  'PROJECT.CATEGORY_NOT_ALLOWED': { kind: 'invalid', en: 'The programme’s policy does not support this category.' },
  'PROJECT.DATES_OUT_OF_ORDER': { kind: 'invalid', en: 'The planned start is after the planned end.' },
  'PROJECT.DATE_IN_FUTURE': { kind: 'invalid', en: 'The date cannot be after today.' },
  'PROJECT.DECLARATION_MISSING': { kind: 'invalid', en: 'Both declarations are needed.' },
  'PROJECT.FUNDING_MISMATCH': { kind: 'invalid', en: 'Support plus counterpart must equal the total cost.' },
  'PROJECT.ID_MISMATCH': { kind: 'invalid', en: 'The command names another project than the state.' },
  'PROJECT.INVALID_TRANSITION': { kind: 'conflict', en: 'This action is not possible in the project’s current status.' },
  'PROJECT.NOT_FOUND': { kind: 'not_found', en: 'Project not found.' },
  'PROJECT.NOT_FOUND_AT': { kind: 'not_found', en: 'The project did not exist at that point.' },
  'PROJECT.OUT_OF_PROGRAMME_AREA': { kind: 'invalid', en: 'The establishment is outside the local programme’s province.' },
  'PROJECT.REPLAY_FAILED': { kind: 'conflict', en: 'The project cannot be replayed to this point.' },
  'PROJECT.UNKNOWN_CATEGORY': { kind: 'invalid', en: 'Unknown category.' },
  'READ_MODEL.NOT_CAUGHT_UP': { kind: 'unavailable', en: 'The data is being updated; reload in a few seconds.' },
  'REFUND.EXCEEDS_OUTSTANDING': { kind: 'conflict', en: 'The amount exceeds the outstanding refund.' },
  'REFUND.NOTHING_DUE': { kind: 'conflict', en: 'No refund is due.' },
  'REFUND.OUTSTANDING': { kind: 'conflict', en: 'A refund is still outstanding.' },
  'REQUEST.FORBIDDEN_KEY': { kind: 'malformed', en: 'The keys __proto__, constructor and prototype are not allowed.' },
  'REQUEST.INVALID': { kind: 'malformed', en: 'The request is not valid.' },
  'REQUEST.INVALID_IDEMPOTENCY_KEY': { kind: 'malformed', en: 'Idempotency-Key must be visible ASCII characters, not too long.' },
  'REQUEST.INVALID_IF_MATCH': { kind: 'malformed', en: 'If-Match must be a version as returned in ETag, e.g. "3".' },
  'REQUEST.INVALID_TEXT': { kind: 'malformed', en: 'The path or query is not valid percent-encoded UTF-8.' },
  'REQUEST.MALFORMED_JSON': { kind: 'malformed', en: 'The request body is not valid JSON.' },
  'REQUEST.METHOD_NOT_ALLOWED': { kind: 'method_not_allowed', en: 'This method is not allowed here.' },
  'REQUEST.RATE_LIMITED': { kind: 'rate_limited', en: 'Too many requests; wait a moment.' },
  'REQUEST.TOO_DEEP': { kind: 'malformed', en: 'The body nests objects and arrays too deep.' },
  'REQUEST.TOO_LARGE': { kind: 'too_large', en: 'What you sent is too large.' },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': { kind: 'unsupported_media_type', en: 'The request body encoding is not supported.' },
  'REQUEST.VALIDATION_FAILED': { kind: 'malformed', en: 'Some fields are not in the right form.' },
  'SERVICE.UNAVAILABLE': { kind: 'unavailable', en: 'A backing service is unavailable; retry shortly.' },
  'SETTLEMENT.EXCEEDS_APPROVED': { kind: 'conflict', en: 'What was spent exceeds the approved support.' },
  'SETTLEMENT.EXCEEDS_SPENT': { kind: 'conflict', en: 'The settlement exceeds what was spent.' },
  'STORE.IDEMPOTENCY_KEY_IN_USE': { kind: 'conflict', en: 'The idempotency key is already stored.' },
  'STORE.INVALID_APPEND': { kind: 'malformed', en: 'The append is not valid.' },
  'STORE.UNAVAILABLE': { kind: 'unavailable', en: 'The event store is unavailable; retry shortly.' },
  'STORE.WRONG_EXPECTED_VERSION': { kind: 'conflict', en: 'The stream is not at the expected version.' },
  'TRANCHE.ADVANCE_CEILING': { kind: 'conflict', en: 'Advances before acceptance would exceed the ceiling.' },
  'TRANCHE.ALREADY_REQUESTED': { kind: 'conflict', en: 'This tranche has already been requested.' },
  'TRANCHE.EXCEEDS_SCHEDULE': { kind: 'conflict', en: 'The amount exceeds the tranche’s schedule.' },
  'TRANCHE.FIRST_ADVANCE_LIMIT': { kind: 'conflict', en: 'The first advance exceeds the allowed share.' },
  'TRANCHE.NOT_FOUND': { kind: 'not_found', en: 'There is no such tranche.' },
  'TRANCHE.NOT_REQUESTED': { kind: 'conflict', en: 'This tranche has not been requested.' },
  'TRANCHE.PAYMENT_ORDER_DUPLICATE': { kind: 'conflict', en: 'This payment order number is already used.' },
  'TRANCHE.PROGRESS_THRESHOLD_NOT_MET': { kind: 'conflict', en: 'Not enough work is done for this advance.' },
  'TRANCHE.REQUIRES_ACCEPTANCE': { kind: 'conflict', en: 'The final tranche is paid after acceptance.' },
  'TRANCHE.SCHEDULE_EXCEEDS_APPROVED': { kind: 'conflict', en: 'The schedule exceeds the approved support.' },
  'TRANCHE.SCHEDULE_INVALID': { kind: 'invalid', en: 'The tranche schedule is not valid.' },
  'TRANCHE.SEPARATION_OF_DUTIES': { kind: 'forbidden', en: 'Whoever requested a tranche cannot approve it.' },
  'WEBHOOK.ALREADY_DELIVERED': { kind: 'conflict', en: 'This delivery already succeeded.' },
  'WEBHOOK.CANCELLED': { kind: 'conflict', en: 'This delivery was cancelled with its endpoint.' },
  'WEBHOOK.DELIVERY_NOT_FOUND': { kind: 'not_found', en: 'There is no such delivery.' },
  'WEBHOOK.ENDPOINT_DISABLED': { kind: 'conflict', en: 'Enable the endpoint before replaying to it.' },
  'WEBHOOK.ENDPOINT_NOT_FOUND': { kind: 'not_found', en: 'There is no such webhook endpoint.' },
  'WEBHOOK.INVALID_TIMESTAMP': { kind: 'unauthenticated', en: 'webhook-timestamp is not an integer number of Unix seconds.' },
  'WEBHOOK.MISSING_ID': { kind: 'unauthenticated', en: 'The webhook-id header is missing.' },
  'WEBHOOK.MISSING_SIGNATURE': { kind: 'unauthenticated', en: 'The webhook-signature header is missing.' },
  'WEBHOOK.MISSING_TIMESTAMP': { kind: 'unauthenticated', en: 'The webhook-timestamp header is missing.' },
  'WEBHOOK.NO_MATCHING_SIGNATURE': { kind: 'unauthenticated', en: 'No webhook-signature matches the payload.' },
  'WEBHOOK.TARGET_NOT_ALLOWED': { kind: 'invalid', en: 'The webhook target is not allowed (a private or reserved address).' },
  'WEBHOOK.TIMESTAMP_TOO_NEW': { kind: 'unauthenticated', en: 'webhook-timestamp is further in the future than the allowed tolerance.' },
  'WEBHOOK.TIMESTAMP_TOO_OLD': { kind: 'unauthenticated', en: 'webhook-timestamp is older than the allowed tolerance.' },
  'WEBHOOK.UNKNOWN_EVENT_TYPE': { kind: 'invalid', en: 'An event type is unknown.' },
} as const satisfies Readonly<Record<string, ErrorCatalogueEntry>>;

/** A code of the catalogue. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * True when `code` is in the catalogue.
 *
 * @example
 * isErrorCode('PROJECT.NOT_FOUND'); // true
 */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}
