import type { ErrorKind } from './error-kinds';

/**
 * One entry of the error catalogue: the kind of refusal a code is (the HTTP edge maps kinds to
 * statuses) and its message templates in English and Vietnamese, `{name}` standing for
 * `details.name` where the refusal carries it. The throw sites keep their own, more precise English
 * `message` (the `detail` of an English answer); a Vietnamese answer's `detail` is the `vi`
 * template rendered with the refusal's details (`renderErrorMessage`). In `vi`, every placeholder
 * sits in a `[…]` segment that is left out when one of its placeholders has no value, so a
 * message reads well whatever details a throw site gives.
 */
export interface ErrorCatalogueEntry {
  readonly kind: ErrorKind;
  readonly en: string;
  readonly vi: string;
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
  'ACCEPTANCE.DEFECTS_REQUIRED': { kind: 'invalid', en: 'A failed acceptance must list the defects.', vi: 'Nghiệm thu không đạt thì phải nêu các tồn tại cần khắc phục.' },
  'AMENDMENT.ALREADY_DECIDED': { kind: 'conflict', en: 'The amendment is already decided.', vi: 'Đề nghị điều chỉnh đã được quyết định.' },
  'AMENDMENT.KIND_MISMATCH': { kind: 'invalid', en: 'The changes do not match the amendment’s kind.', vi: 'Nội dung thay đổi không khớp với loại điều chỉnh.' },
  'AMENDMENT.MONEY_EFFECT_MISMATCH': { kind: 'invalid', en: 'support_increase needs a positive supportDeltaVnd, support_decrease a negative one, other kinds none.', vi: 'Điều chỉnh tăng kinh phí hỗ trợ cần supportDeltaVnd dương, điều chỉnh giảm cần supportDeltaVnd âm, các loại khác không có supportDeltaVnd.' },
  'AMENDMENT.NOT_FOUND': { kind: 'not_found', en: 'There is no such amendment.', vi: 'Không có đề nghị điều chỉnh này.' },
  'AMENDMENT.SCHEDULE_CANNOT_ABSORB': { kind: 'conflict', en: 'No tranche still open can absorb this support change.', vi: 'Không còn đợt giải ngân nào chưa thực hiện để điều chỉnh theo thay đổi kinh phí hỗ trợ này.' },
  'AMENDMENT.SEPARATION_OF_DUTIES': { kind: 'forbidden', en: 'Whoever requested an amendment cannot decide it.', vi: 'Người đề nghị điều chỉnh không được tự quyết định đề nghị đó.' },
  'AMENDMENT.UNKNOWN_KIND': { kind: 'invalid', en: 'Unknown amendment kind.', vi: 'Loại điều chỉnh không hợp lệ.' },
  'APPRAISAL.ALREADY_RECUSED': { kind: 'conflict', en: 'You have already declared a conflict of interest.', vi: 'Bạn đã khai báo xung đột lợi ích.' },
  'APPRAISAL.ALREADY_SCORED': { kind: 'conflict', en: 'You have already scored this proposal.', vi: 'Bạn đã chấm điểm đề án này.' },
  'APPRAISAL.BELOW_PASS_MARK': { kind: 'conflict', en: 'The mean score is below the pass mark; support cannot be recommended.', vi: 'Điểm trung bình dưới điểm đạt, không thể đề xuất hỗ trợ.' },
  'APPRAISAL.CRITERION_MISSING': { kind: 'invalid', en: 'A criterion has no score.', vi: 'Còn tiêu chí chưa được chấm điểm.' },
  'APPRAISAL.NOT_ON_PANEL': { kind: 'forbidden', en: 'You are not on this proposal’s panel.', vi: 'Bạn không phải thành viên hội đồng thẩm định đề án này.' },
  'APPRAISAL.NO_OPEN_PANEL': { kind: 'conflict', en: 'No panel is appraising now.', vi: 'Hiện không có hội đồng thẩm định nào đang làm việc.' },
  'APPRAISAL.PANEL_CONFLICT': { kind: 'conflict', en: 'The panel may not include the proposal’s creator, its submitter, or a recused member.', vi: 'Hội đồng thẩm định không được có người lập, người nộp đề án hoặc thành viên đã khai báo xung đột lợi ích.' },
  'APPRAISAL.PANEL_TOO_SMALL': { kind: 'conflict', en: 'The panel needs at least {quorum} members.', vi: 'Hội đồng thẩm định chưa đủ số thành viên[ (cần ít nhất {quorum})].' },
  'APPRAISAL.QUORUM_NOT_MET': { kind: 'conflict', en: 'Not enough valid scores (needs {quorum}).', vi: 'Chưa đủ số phiếu chấm hợp lệ[ (cần {quorum})].' },
  'APPRAISAL.RECUSED': { kind: 'forbidden', en: 'You declared a conflict of interest and may not score.', vi: 'Bạn đã khai báo xung đột lợi ích nên không được chấm điểm.' },
  'APPRAISAL.SCORE_OUT_OF_RANGE': { kind: 'invalid', en: 'A score is outside the scale.', vi: 'Điểm nằm ngoài thang điểm.' },
  'APPRAISAL.SEPARATION_OF_DUTIES': { kind: 'forbidden', en: 'The creator or submitter may not appraise.', vi: 'Người lập hoặc người nộp đề án không được tham gia thẩm định đề án đó.' },
  'APPRAISAL.UNKNOWN_CRITERION': { kind: 'invalid', en: 'A score names a criterion the policy does not have.', vi: 'Điểm được chấm cho một tiêu chí không có trong chính sách.' },
  'AREA.COMMUNE_OUTSIDE_PROVINCE': { kind: 'invalid', en: 'Commune {value} is not in province {province}.', vi: 'Xã, phường không thuộc tỉnh, thành phố đã chọn[ (mã xã {value}, mã tỉnh {province})].' },
  'AREA.PRE_REFORM': { kind: 'invalid', en: '{value} is a code of the register before 1 July 2025; it was recorded as given.', vi: 'Mã đơn vị hành chính[ {value}] thuộc danh mục trước ngày 01/7/2025; đã được ghi nhận như đã nhập.' },
  'AREA.UNKNOWN_COMMUNE': { kind: 'invalid', en: 'Province {province} has no commune with the code {value}.', vi: 'Mã xã, phường không có trong danh mục đơn vị hành chính[ của tỉnh {province}][: {value}].' },
  'AREA.UNKNOWN_PROVINCE': { kind: 'invalid', en: 'No province has the code {value}.', vi: 'Mã tỉnh, thành phố không có trong danh mục đơn vị hành chính[: {value}].' },
  'AUDIT.EXPORT_TOO_LARGE': { kind: 'too_large', en: 'The range holds more events than one export may carry (at most {maxEvents}).', vi: 'Khoảng thời gian đã chọn có quá nhiều sự kiện cho một lần xuất[ (tối đa {maxEvents})].' },
  'AUTHORITY.INSUFFICIENT': { kind: 'forbidden', en: 'This decision needs the authority of the {requiredAuthority} level.', vi: 'Quyết định này cần thẩm quyền cấp cao hơn[ ({requiredAuthority})].' },
  'AUTH.FORBIDDEN': { kind: 'forbidden', en: 'You may not do this.', vi: 'Bạn không có quyền thực hiện thao tác này.' },
  'AUTH.OUT_OF_AREA': { kind: 'forbidden', en: 'The project lies outside your area.', vi: 'Đề án nằm ngoài địa bàn bạn phụ trách.' },
  'AUTH.ROLE_NOT_ALLOWED': { kind: 'forbidden', en: 'Your role may not do this.', vi: 'Vai trò của bạn không được thực hiện thao tác này.' },
  'AUTH.SCOPE_TOO_NARROW': { kind: 'forbidden', en: 'This covers every project of the province; a token bound by areas or panels cannot read it.', vi: 'Dữ liệu này bao gồm mọi đề án của tỉnh; mã truy cập giới hạn theo địa bàn hoặc hội đồng không được đọc.' },
  'AUTH.UNAUTHENTICATED': { kind: 'unauthenticated', en: 'Not signed in, or the session has expired.', vi: 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.' },
  'COMMAND.CONCURRENT_UPDATE': { kind: 'conflict', en: 'Someone else is changing the project; try again.', vi: 'Có người khác đang cập nhật đề án; vui lòng thử lại.' },
  'COMMAND.FIELD_REQUIRED': { kind: 'invalid', en: '{field} is required.', vi: 'Thiếu thông tin bắt buộc[: {field}].' },
  'COMMAND.INVALID_FIELD': { kind: 'invalid', en: '{field} is not in the right form.', vi: 'Thông tin không đúng định dạng[: {field}].' },
  'COMMAND.PRECONDITION_FAILED': { kind: 'precondition_failed', en: 'Someone else has changed the project.', vi: 'Đề án đã được người khác cập nhật.' },
  'CONSOLE.UNKNOWN_DEMO_USER': { kind: 'invalid', en: 'There is no such demo user.', vi: 'Không có người dùng mẫu này.' },
  'DATA_KEY.UNWRAP_FAILED': { kind: 'internal', en: 'A stored key could not be unwrapped with the configured key-encryption key.', vi: 'Không giải mã được khóa dữ liệu đã lưu bằng khóa mã hóa khóa đã cấu hình.' },
  'DATE.INVALID': { kind: 'invalid', en: '{field} is not a valid date or instant.', vi: 'Ngày hoặc thời điểm không hợp lệ[: {field}].' },
  'DEADLINE.AFTER_PROGRAMME_END': { kind: 'invalid', en: '{field} is after the end of the programme ({programmeEndsAt}).', vi: 'Thời hạn[ {field}] sau ngày kết thúc chương trình[ ({programmeEndsAt})].' },
  'DEADLINE.HARD_STOP': { kind: 'conflict', en: 'The settlement hard stop of the budget year ({hardStop}, budget year {budgetYear}) has passed.', vi: 'Đã quá hạn chót quyết toán của năm ngân sách[ ({hardStop}, năm ngân sách {budgetYear})].' },
  'DEADLINE.IN_PAST': { kind: 'invalid', en: '{field} must be after the time of the command.', vi: 'Thời hạn[ {field}] phải sau thời điểm thực hiện thao tác.' },
  'DOCUMENT.ALREADY_ATTACHED': { kind: 'conflict', en: 'The project already has a document with this id.', vi: 'Đề án đã có tài liệu với mã này.' },
  'DOCUMENT.ALREADY_SUPERSEDED': { kind: 'conflict', en: 'This document has already been superseded.', vi: 'Tài liệu này đã được thay thế.' },
  'DOCUMENT.EMPTY': { kind: 'malformed', en: 'The document is empty.', vi: 'Tài liệu trống.' },
  'DOCUMENT.ERASED': { kind: 'gone', en: 'The project’s personal data was erased: its personal documents can no longer be read or added.', vi: 'Dữ liệu cá nhân của đề án đã bị xóa: không thể đọc hoặc bổ sung tài liệu cá nhân nữa.' },
  'DOCUMENT.FILE_MISSING': { kind: 'malformed', en: 'The upload has no part named file.', vi: 'Dữ liệu tải lên không có phần tên là file.' },
  'DOCUMENT.INVALID_HASH': { kind: 'invalid', en: '{field} must be a SHA-256 in lowercase hex.', vi: 'Giá trị băm phải là SHA-256 dạng hex chữ thường[: {field}].' },
  'DOCUMENT.NO_CONTENT': { kind: 'not_found', en: 'This document is a paper item: it has no stored content.', vi: 'Tài liệu này là bản giấy, không có nội dung được lưu.' },
  'DOCUMENT.NOT_FOUND': { kind: 'not_found', en: 'The project has no document {documentId}.', vi: 'Đề án không có tài liệu này[ ({documentId})].' },
  'DOCUMENT.RANGE_NOT_SATISFIABLE': { kind: 'range_not_satisfiable', en: 'The range lies outside the document ({size} bytes).', vi: 'Phạm vi yêu cầu nằm ngoài tài liệu[ ({size} byte)].' },
  'DOCUMENT.TOO_LARGE': { kind: 'too_large', en: 'The document is larger than one document may be (at most {maxBytes} bytes).', vi: 'Tài liệu vượt dung lượng cho phép[ (tối đa {maxBytes} byte)].' },
  'DOCUMENT.TYPE_MISMATCH': { kind: 'unsupported_media_type', en: 'The file name’s extension does not match the document’s content.', vi: 'Phần mở rộng của tên tệp không khớp với nội dung tài liệu.' },
  'DOCUMENT.UNKNOWN': { kind: 'invalid', en: 'These documents are not current documents of the project: {documentIds}.', vi: 'Có tài liệu không phải tài liệu hiện hành của đề án[: {documentIds}].' },
  'DOCUMENT.UNKNOWN_KIND': { kind: 'invalid', en: '{kind} is not a known document kind.', vi: 'Loại tài liệu không hợp lệ[: {kind}].' },
  'DOCUMENT.UNSUPPORTED_TYPE': { kind: 'unsupported_media_type', en: 'The document is not of an accepted type: PDF, JPEG, PNG, DOCX, XLSX, ODT or ODS.', vi: 'Tài liệu không thuộc định dạng được chấp nhận: PDF, JPEG, PNG, DOCX, XLSX, ODT hoặc ODS.' },
  'DOSSIER.INCOMPLETE': { kind: 'invalid', en: 'The dossier lacks documents required before {step}: {missing}.', vi: 'Hồ sơ còn thiếu tài liệu bắt buộc[ trước bước {step}][: {missing}].' },
  'FINANCE.INVALID_EVENT': { kind: 'invalid', en: 'The finance event cannot be applied as it is.', vi: 'Không thể ghi nhận sự kiện tài chính như đã gửi.' },
  'FINANCE.REFUSED': { kind: 'invalid', en: 'The finance event was refused.', vi: 'Sự kiện tài chính bị từ chối.' },
  'FINANCE.RETRY_LATER': { kind: 'unavailable', en: 'The event could not be applied now; it is kept and applied shortly, and may be sent again with the same webhook-id.', vi: 'Chưa ghi nhận được sự kiện lúc này; sự kiện đã được lưu và sẽ được ghi nhận sau ít phút, có thể gửi lại với cùng webhook-id.' },
  'FINANCE.TRANSIENT_FAILURE': { kind: 'unavailable', en: 'The finance event could not be applied now; it is applied on a later attempt.', vi: 'Chưa ghi nhận được sự kiện tài chính lúc này; sự kiện sẽ được ghi nhận ở lần thử sau.' },
  'FINANCE.UNKNOWN_PAYMENT_ORDER': { kind: 'invalid', en: 'There is no payment order with this number.', vi: 'Không có ủy nhiệm chi với số này.' },
  'FUNDING.BUDGET_EXCEEDED': { kind: 'conflict', en: 'The programme budget is not enough ({availableVnd} left).', vi: 'Ngân sách chương trình không đủ[ (còn {availableVnd})].' },
  'FUNDING.PLAN_REQUIRED': { kind: 'conflict', en: 'The programme’s policy approves projects only through an annual plan.', vi: 'Chính sách của chương trình chỉ phê duyệt đề án theo kế hoạch khuyến công hằng năm.' },
  'FUNDING.CAP_EXCEEDED': { kind: 'conflict', en: 'The support exceeds this category’s cap (at most {maxVnd}).', vi: 'Kinh phí hỗ trợ vượt mức tối đa của nội dung này[ (tối đa {maxVnd})].' },
  'FUNDING.EXCEEDS_RECOMMENDED': { kind: 'conflict', en: 'The approved support exceeds the recommended support.', vi: 'Kinh phí phê duyệt vượt kinh phí hội đồng thẩm định đề xuất.' },
  'FUNDING.EXCEEDS_REQUESTED': { kind: 'conflict', en: 'The recommended support exceeds the requested support.', vi: 'Kinh phí hội đồng đề xuất vượt kinh phí đề nghị hỗ trợ.' },
  'FUNDING.SEPARATION_OF_DUTIES': { kind: 'forbidden', en: 'Whoever created, submitted or scored the proposal cannot decide its funding.', vi: 'Người đã lập, nộp hoặc chấm điểm đề án không được quyết định phê duyệt kinh phí hỗ trợ.' },
  'IDEMPOTENCY.IN_PROGRESS': { kind: 'conflict', en: 'A request with this Idempotency-Key is being processed; retry shortly.', vi: 'Một yêu cầu với Idempotency-Key này đang được xử lý; vui lòng thử lại sau giây lát.' },
  'IDEMPOTENCY.KEY_REUSED': { kind: 'invalid', en: 'This Idempotency-Key was already used for a different request.', vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác.' },
  'INTERNAL': { kind: 'internal', en: 'An unexpected error occurred; it has been logged.', vi: 'Đã xảy ra lỗi ngoài dự kiến; lỗi đã được ghi lại.' },
  'MONEY.INVALID_AMOUNT': { kind: 'invalid', en: '{field} must be a whole number of VND.', vi: 'Số tiền phải là số nguyên đồng[: {field}].' },
  'NOT_FOUND': { kind: 'not_found', en: 'Not found.', vi: 'Không tìm thấy.' },
  'PAYMENT.ALREADY_CONFIRMED': { kind: 'conflict', en: 'A confirmed payment cannot fail.', vi: 'Khoản thanh toán đã được xác nhận thì không thể ghi nhận thất bại.' },
  'PAYMENT.AMOUNT_MISMATCH': { kind: 'invalid', en: 'The paid amount differs from the payment order.', vi: 'Số tiền đã thanh toán khác số tiền của ủy nhiệm chi.' },
  'PAYMENT.ORDER_FAILED': { kind: 'conflict', en: 'The payment order was reported failed.', vi: 'Ủy nhiệm chi đã được báo không thực hiện được.' },
  'PAYMENT.PENDING': { kind: 'conflict', en: 'A payment is still pending at the treasury.', vi: 'Còn khoản thanh toán đang chờ Kho bạc Nhà nước xử lý.' },
  'PAYMENT.UNKNOWN_ORDER': { kind: 'invalid', en: 'There is no payment order with this number.', vi: 'Không có ủy nhiệm chi với số này.' },
  'PLAN.ALREADY_EXISTS': { kind: 'conflict', en: 'The plan already exists.', vi: 'Kế hoạch đã tồn tại.' },
  'PLAN.DUPLICATE_PROJECT': { kind: 'invalid', en: 'A project is listed more than once in the plan ({projectIds}).', vi: 'Có đề án được đưa vào kế hoạch nhiều lần[ ({projectIds})].' },
  'PLAN.EMPTY': { kind: 'invalid', en: 'A plan needs at least one project.', vi: 'Kế hoạch phải có ít nhất một đề án.' },
  'PLAN.INVALID_TRANSITION': { kind: 'conflict', en: 'This action is not possible in the plan’s current status ({status}).', vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của kế hoạch[ ({status})].' },
  'PLAN.NOT_ALLOWED': { kind: 'conflict', en: 'The programme’s policy approves projects one by one, not through a plan.', vi: 'Chính sách của chương trình phê duyệt từng đề án, không theo kế hoạch.' },
  'PLAN.NOT_FOUND': { kind: 'not_found', en: 'Plan not found.', vi: 'Không tìm thấy kế hoạch.' },
  'PLAN.PROJECT_CHANGED': { kind: 'conflict', en: 'A project of the plan is no longer recommended ({projectIds}).', vi: 'Có đề án trong kế hoạch không còn ở trạng thái được đề xuất hỗ trợ[ ({projectIds})].' },
  'PLAN.PROJECT_NOT_RECOMMENDED': { kind: 'invalid', en: 'Only projects recommended by their appraisal can be planned ({projectIds}).', vi: 'Chỉ đưa vào kế hoạch các đề án đã được hội đồng thẩm định đề xuất hỗ trợ[ ({projectIds})].' },
  'PLAN.PROJECT_OF_ANOTHER_PROGRAMME': { kind: 'invalid', en: 'A project belongs to another programme ({projectIds}).', vi: 'Có đề án thuộc chương trình khác[ ({projectIds})].' },
  'POLICY.NOT_PINNED': { kind: 'invalid', en: 'The decision must use the policy version the project is pinned to.', vi: 'Quyết định phải áp dụng đúng phiên bản chính sách mà đề án đã được gắn.' },
  'PROGRAMME.ALREADY_EXISTS': { kind: 'conflict', en: 'The programme already exists.', vi: 'Chương trình đã tồn tại.' },
  'PROGRAMME.BUDGET_BELOW_RESERVED': { kind: 'conflict', en: 'The budget cannot go below what is already reserved for projects.', vi: 'Ngân sách không được thấp hơn số đã dành cho các đề án.' },
  'PROGRAMME.BUDGET_NOT_POSITIVE': { kind: 'invalid', en: 'A programme needs a positive budget.', vi: 'Ngân sách chương trình phải lớn hơn 0.' },
  'PROGRAMME.DATES_OUT_OF_ORDER': { kind: 'invalid', en: 'Registration must open before it closes.', vi: 'Ngày bắt đầu nhận hồ sơ phải trước ngày kết thúc nhận hồ sơ.' },
  'PROGRAMME.NOT_FOUND': { kind: 'not_found', en: 'Programme not found.', vi: 'Không tìm thấy chương trình.' },
  'PROGRAMME.NOT_FOUND_AT': { kind: 'not_found', en: 'The programme did not exist at that point.', vi: 'Chương trình chưa tồn tại ở thời điểm đó.' },
  'PROGRAMME.POLICY_MISMATCH': { kind: 'invalid', en: 'The policy is for another source of funds than the programme.', vi: 'Chính sách thuộc nguồn kinh phí khác với nguồn của chương trình.' },
  'PROGRAMME.REGISTRATION_CLOSED': { kind: 'conflict', en: 'The programme is not accepting proposals now.', vi: 'Chương trình không trong thời gian nhận hồ sơ đề án.' },
  'PROGRAMME.REPLAY_FAILED': { kind: 'conflict', en: 'The programme cannot be replayed to this point.', vi: 'Không dựng lại được chương trình đến thời điểm này.' },
  'PROGRAMME.UNKNOWN': { kind: 'invalid', en: 'The programme named does not exist or is not active.', vi: 'Chương trình được nêu không tồn tại hoặc không còn hoạt động.' },
  'PROGRAMME.UNKNOWN_POLICY': { kind: 'invalid', en: 'Unknown policy set.', vi: 'Bộ chính sách không hợp lệ.' },
  'PROGRESS.INVALID_PERIOD': { kind: 'invalid', en: 'period must be YYYY-MM.', vi: 'Kỳ báo cáo phải có dạng YYYY-MM.' },
  'PROGRESS.PERCENT_OUT_OF_RANGE': { kind: 'invalid', en: 'percentComplete must be 0..100.', vi: 'Tỷ lệ hoàn thành phải từ 0 đến 100.' },
  'PROGRESS.PERIOD_ALREADY_REPORTED': { kind: 'conflict', en: 'This month is already reported.', vi: 'Kỳ này đã có báo cáo.' },
  'PROGRESS.PERIOD_IN_FUTURE': { kind: 'invalid', en: 'This month has not come yet.', vi: 'Kỳ báo cáo chưa tới.' },
  'PROGRESS.PERIOD_OUT_OF_ORDER': { kind: 'conflict', en: 'The month must come after the last one reported.', vi: 'Kỳ báo cáo phải sau kỳ đã báo cáo gần nhất.' },
  'PROGRESS.REGRESSED': { kind: 'conflict', en: 'Progress cannot go down.', vi: 'Khối lượng hoàn thành không được giảm so với kỳ trước.' },
  'PROJECT.ALREADY_EXISTS': { kind: 'conflict', en: 'The project already exists.', vi: 'Đề án đã tồn tại.' },
  'PROJECT.BENEFICIARY_KIND_NOT_ALLOWED': { kind: 'invalid', en: 'The policy does not support this kind of establishment.', vi: 'Chính sách không hỗ trợ loại hình cơ sở này.' },
  'PROJECT.CATEGORY_NOT_ALLOWED': { kind: 'invalid', en: 'The programme’s policy does not support this category.', vi: 'Chính sách của chương trình không hỗ trợ nội dung này.' },
  'PROJECT.DATES_OUT_OF_ORDER': { kind: 'invalid', en: 'The planned start is after the planned end.', vi: 'Ngày bắt đầu dự kiến sau ngày kết thúc dự kiến.' },
  'PROJECT.DATE_IN_FUTURE': { kind: 'invalid', en: 'The date cannot be after today.', vi: 'Ngày không được sau hôm nay.' },
  'PROJECT.DECLARATION_MISSING': { kind: 'invalid', en: 'Both declarations are needed.', vi: 'Cần có đủ cam kết bố trí vốn đối ứng và cam kết không trùng nguồn hỗ trợ.' },
  'PROJECT.FUNDING_MISMATCH': { kind: 'invalid', en: 'Support plus counterpart must equal the total cost.', vi: 'Kinh phí hỗ trợ cộng vốn đối ứng phải bằng tổng kinh phí thực hiện.' },
  'PROJECT.ID_MISMATCH': { kind: 'invalid', en: 'The command names another project than the state.', vi: 'Thao tác nêu một đề án khác với đề án đang xử lý.' },
  'PROJECT.INVALID_TRANSITION': { kind: 'conflict', en: 'This action is not possible in the project’s current status.', vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của đề án.' },
  'PROJECT.NOT_FOUND': { kind: 'not_found', en: 'Project not found.', vi: 'Không tìm thấy đề án.' },
  'PROJECT.NOT_FOUND_AT': { kind: 'not_found', en: 'The project did not exist at that point.', vi: 'Đề án chưa tồn tại ở thời điểm đó.' },
  'PROJECT.OUT_OF_PROGRAMME_AREA': { kind: 'invalid', en: 'The establishment is outside the local programme’s province.', vi: 'Cơ sở nằm ngoài tỉnh của chương trình khuyến công địa phương.' },
  'PROJECT.REPLAY_FAILED': { kind: 'conflict', en: 'The project cannot be replayed to this point.', vi: 'Không dựng lại được đề án đến thời điểm này.' },
  'PROJECT.UNKNOWN_CATEGORY': { kind: 'invalid', en: 'Unknown category.', vi: 'Nội dung hỗ trợ không hợp lệ.' },
  'READ_MODEL.NOT_CAUGHT_UP': { kind: 'unavailable', en: 'The data is being updated; reload in a few seconds.', vi: 'Dữ liệu đang được cập nhật; vui lòng tải lại sau ít giây.' },
  'REFUND.EXCEEDS_OUTSTANDING': { kind: 'conflict', en: 'The amount exceeds the outstanding refund.', vi: 'Số tiền vượt khoản còn phải hoàn trả.' },
  'REFUND.NOTHING_DUE': { kind: 'conflict', en: 'No refund is due.', vi: 'Không có khoản nào phải hoàn trả.' },
  'REFUND.OUTSTANDING': { kind: 'conflict', en: 'A refund is still outstanding.', vi: 'Còn khoản phải hoàn trả chưa nộp.' },
  'REQUEST.FORBIDDEN_KEY': { kind: 'malformed', en: 'The keys __proto__, constructor and prototype are not allowed.', vi: 'Không được dùng các khóa __proto__, constructor và prototype.' },
  'REQUEST.INVALID': { kind: 'malformed', en: 'The request is not valid.', vi: 'Yêu cầu không hợp lệ.' },
  'REQUEST.INVALID_IDEMPOTENCY_KEY': { kind: 'malformed', en: 'Idempotency-Key must be visible ASCII characters, not too long.', vi: 'Idempotency-Key phải gồm các ký tự ASCII hiển thị được và không quá dài.' },
  'REQUEST.INVALID_IF_MATCH': { kind: 'malformed', en: 'If-Match must be a version as returned in ETag, e.g. "3".', vi: 'If-Match phải là một phiên bản như giá trị ETag trả về, ví dụ "3".' },
  'REQUEST.INVALID_TEXT': { kind: 'malformed', en: 'The path or query is not valid percent-encoded UTF-8.', vi: 'Đường dẫn hoặc tham số truy vấn không phải UTF-8 mã hóa phần trăm hợp lệ.' },
  'REQUEST.MALFORMED_JSON': { kind: 'malformed', en: 'The request body is not valid JSON.', vi: 'Nội dung yêu cầu không phải JSON hợp lệ.' },
  'REQUEST.METHOD_NOT_ALLOWED': { kind: 'method_not_allowed', en: 'This method is not allowed here.', vi: 'Phương thức này không được phép ở đây.' },
  'REQUEST.RATE_LIMITED': { kind: 'rate_limited', en: 'Too many requests; wait a moment.', vi: 'Gửi quá nhiều yêu cầu; vui lòng đợi giây lát.' },
  'REQUEST.TOO_DEEP': { kind: 'malformed', en: 'The body nests objects and arrays too deep.', vi: 'Nội dung yêu cầu lồng đối tượng và mảng quá sâu.' },
  'REQUEST.TOO_LARGE': { kind: 'too_large', en: 'What you sent is too large.', vi: 'Dữ liệu gửi lên quá lớn.' },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': { kind: 'unsupported_media_type', en: 'The request body encoding is not supported.', vi: 'Kiểu mã hóa nội dung yêu cầu không được hỗ trợ.' },
  'REQUEST.VALIDATION_FAILED': { kind: 'malformed', en: 'Some fields are not in the right form.', vi: 'Một số trường chưa đúng định dạng.' },
  'SERVICE.CONNECTION_LOST': {
    kind: 'unavailable',
    en: 'The connection to the database or the queue was lost; retry shortly (a command with the same Idempotency-Key).',
    vi: 'Mất kết nối tới cơ sở dữ liệu hoặc hàng đợi; vui lòng thử lại sau giây lát (gửi lại lệnh với cùng Idempotency-Key).',
  },
  'SERVICE.UNAVAILABLE': { kind: 'unavailable', en: 'A backing service is unavailable; retry shortly.', vi: 'Một dịch vụ hỗ trợ đang không sẵn sàng; vui lòng thử lại sau giây lát.' },
  'SETTLEMENT.EXCEEDS_APPROVED': { kind: 'conflict', en: 'The settled amount exceeds the approved support.', vi: 'Số quyết toán vượt kinh phí hỗ trợ được phê duyệt.' },
  'SETTLEMENT.EXCEEDS_SPENT': { kind: 'conflict', en: 'The settlement exceeds what was spent.', vi: 'Số quyết toán vượt số đã chi.' },
  'STORE.IDEMPOTENCY_KEY_IN_USE': { kind: 'conflict', en: 'The idempotency key is already stored.', vi: 'Khóa chống trùng lặp đã được lưu.' },
  'STORE.INVALID_APPEND': { kind: 'malformed', en: 'The append is not valid.', vi: 'Thao tác ghi thêm sự kiện không hợp lệ.' },
  'STORE.UNAVAILABLE': { kind: 'unavailable', en: 'The event store is unavailable; retry shortly.', vi: 'Kho sự kiện đang không sẵn sàng; vui lòng thử lại sau giây lát.' },
  'STORE.WRONG_EXPECTED_VERSION': { kind: 'conflict', en: 'The stream is not at the expected version.', vi: 'Luồng sự kiện không ở phiên bản mong đợi.' },
  'TRANCHE.ADVANCE_CEILING': { kind: 'conflict', en: 'Advances before acceptance would exceed the ceiling.', vi: 'Tổng tạm ứng trước nghiệm thu sẽ vượt mức tối đa.' },
  'TRANCHE.ALREADY_REQUESTED': { kind: 'conflict', en: 'This tranche has already been requested.', vi: 'Đợt giải ngân này đã được đề nghị.' },
  'TRANCHE.EXCEEDS_SCHEDULE': { kind: 'conflict', en: 'The amount exceeds the tranche’s schedule.', vi: 'Số tiền vượt kế hoạch giải ngân của đợt.' },
  'TRANCHE.FIRST_ADVANCE_LIMIT': { kind: 'conflict', en: 'The first advance exceeds the allowed share.', vi: 'Tạm ứng lần đầu vượt tỷ lệ cho phép.' },
  'TRANCHE.NOT_FOUND': { kind: 'not_found', en: 'There is no such tranche.', vi: 'Không có đợt giải ngân này.' },
  'TRANCHE.NOT_REQUESTED': { kind: 'conflict', en: 'This tranche has not been requested.', vi: 'Đợt giải ngân này chưa được đề nghị.' },
  'TRANCHE.PAYMENT_ORDER_DUPLICATE': { kind: 'conflict', en: 'This payment order number is already used.', vi: 'Số ủy nhiệm chi này đã được dùng.' },
  'TRANCHE.PROGRESS_THRESHOLD_NOT_MET': { kind: 'conflict', en: 'Not enough work is done for this advance.', vi: 'Khối lượng hoàn thành chưa đủ để tạm ứng đợt này.' },
  'TRANCHE.REQUIRES_ACCEPTANCE': { kind: 'conflict', en: 'The final tranche is paid after acceptance.', vi: 'Đợt cuối chỉ được giải ngân sau khi nghiệm thu.' },
  'TRANCHE.SCHEDULE_EXCEEDS_APPROVED': { kind: 'conflict', en: 'The schedule exceeds the approved support.', vi: 'Tổng kế hoạch giải ngân vượt kinh phí hỗ trợ được phê duyệt.' },
  'TRANCHE.SCHEDULE_INVALID': { kind: 'invalid', en: 'The tranche schedule is not valid.', vi: 'Kế hoạch giải ngân không hợp lệ.' },
  'TRANCHE.SEPARATION_OF_DUTIES': { kind: 'forbidden', en: 'Whoever requested a tranche cannot approve it.', vi: 'Người đề nghị giải ngân một đợt không được tự duyệt đợt đó.' },
  'WEBHOOK.ALREADY_DELIVERED': { kind: 'conflict', en: 'This delivery already succeeded.', vi: 'Lần gửi này đã thành công.' },
  'WEBHOOK.CANCELLED': { kind: 'conflict', en: 'This delivery was cancelled with its endpoint.', vi: 'Lần gửi này đã bị hủy cùng với địa chỉ nhận.' },
  'WEBHOOK.DELIVERY_NOT_FOUND': { kind: 'not_found', en: 'There is no such delivery.', vi: 'Không có lần gửi này.' },
  'WEBHOOK.ENDPOINT_DISABLED': { kind: 'conflict', en: 'Enable the endpoint before replaying to it.', vi: 'Cần bật lại địa chỉ nhận trước khi gửi lại.' },
  'WEBHOOK.ENDPOINT_NOT_FOUND': { kind: 'not_found', en: 'There is no such webhook endpoint.', vi: 'Không có địa chỉ nhận webhook này.' },
  'WEBHOOK.INVALID_TIMESTAMP': { kind: 'unauthenticated', en: 'webhook-timestamp is not an integer number of Unix seconds.', vi: 'webhook-timestamp không phải số nguyên giây Unix.' },
  'WEBHOOK.MISSING_ID': { kind: 'unauthenticated', en: 'The webhook-id header is missing.', vi: 'Thiếu tiêu đề webhook-id.' },
  'WEBHOOK.MISSING_SIGNATURE': { kind: 'unauthenticated', en: 'The webhook-signature header is missing.', vi: 'Thiếu tiêu đề webhook-signature.' },
  'WEBHOOK.MISSING_TIMESTAMP': { kind: 'unauthenticated', en: 'The webhook-timestamp header is missing.', vi: 'Thiếu tiêu đề webhook-timestamp.' },
  'WEBHOOK.NO_MATCHING_SIGNATURE': { kind: 'unauthenticated', en: 'No webhook-signature matches the payload.', vi: 'Không có chữ ký webhook-signature nào khớp với nội dung.' },
  'WEBHOOK.TARGET_NOT_ALLOWED': { kind: 'invalid', en: 'The webhook target is not allowed (a private or reserved address).', vi: 'Địa chỉ nhận webhook không được phép (địa chỉ nội bộ hoặc dành riêng).' },
  'WEBHOOK.TIMESTAMP_TOO_NEW': { kind: 'unauthenticated', en: 'webhook-timestamp is further in the future than the allowed tolerance.', vi: 'webhook-timestamp ở tương lai xa hơn mức sai lệch cho phép.' },
  'WEBHOOK.TIMESTAMP_TOO_OLD': { kind: 'unauthenticated', en: 'webhook-timestamp is older than the allowed tolerance.', vi: 'webhook-timestamp cũ hơn mức sai lệch cho phép.' },
  'WEBHOOK.UNKNOWN_EVENT_TYPE': { kind: 'invalid', en: 'An event type is unknown.', vi: 'Có loại sự kiện không hợp lệ.' },
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

/** A language the catalogue has messages in. */
export type MessageLanguage = 'en' | 'vi';

function formatValue(value: unknown, lang: MessageLanguage): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (!Number.isInteger(value)) return String(value);
    const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',');
    return value < 0 ? `-${digits}` : digits;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => formatValue(item, lang)).filter((item): item is string => item !== undefined);
    return items.length ? items.join(', ') : undefined;
  }
  return undefined;
}

/**
 * A message template with its `{name}` placeholders filled from `details` (strings, numbers
 * grouped by thousands in the language's way, arrays joined by commas). A `[…]` segment is kept,
 * without its brackets, only when all its placeholders have a value; a placeholder without a
 * value outside such a segment is left out.
 *
 * @example
 * renderErrorMessage('Ngân sách chương trình không đủ[ (còn {availableVnd})].', { availableVnd: 150000000 }, 'vi');
 * // 'Ngân sách chương trình không đủ (còn 150.000.000).'
 * renderErrorMessage('Ngân sách chương trình không đủ[ (còn {availableVnd})].', {}, 'vi');
 * // 'Ngân sách chương trình không đủ.'
 */
export function renderErrorMessage(template: string, details: Readonly<Record<string, unknown>>, lang: MessageLanguage): string {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => formatValue(details[name], lang) ?? '');
  const resolved = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].every((m) => formatValue(details[m[1] ?? ''], lang) !== undefined);
  return fill(template.replace(/\[([^\]]*)\]/g, (_, segment: string) => (resolved(segment) ? segment : '')));
}

/**
 * The message of a catalogued code in a language, rendered with the refusal's details.
 *
 * @example
 * errorMessage('PROJECT.NOT_FOUND', 'vi'); // 'Không tìm thấy đề án.'
 */
export function errorMessage(code: ErrorCode, lang: MessageLanguage, details: Readonly<Record<string, unknown>> = {}): string {
  return renderErrorMessage(ERROR_CATALOGUE[code][lang], details, lang);
}
