/** The texts of a reminder, in Vietnamese (default) and English. */
export type Language = 'vi' | 'en';

const KIND_TITLES: Record<string, { vi: string; en: string }> = {
  info_reply: { vi: 'Trả lời yêu cầu bổ sung thông tin', en: 'Reply to the information request' },
  appraisal_scoring: { vi: 'Chấm điểm thẩm định đề án', en: 'Score the proposal' },
  contract_signature: { vi: 'Ký hợp đồng', en: 'Sign the contract' },
  progress_report: { vi: 'Báo cáo tiến độ hằng tháng (trước ngày 25)', en: 'Monthly progress report (before the 25th)' },
  planned_end: { vi: 'Sắp đến hạn kết thúc đề án', en: 'Planned end approaching' },
  acceptance: { vi: 'Nghiệm thu đề án', en: 'Record the acceptance' },
  settlement_dossier: { vi: 'Nộp hồ sơ quyết toán', en: 'Submit the settlement dossier' },
  settlement_hard_stop: { vi: 'Hạn chót quyết toán (22/01)', en: 'Settlement hard stop (22 January)' },
  refund: { vi: 'Thu hồi kinh phí', en: 'Collect the refund' },
  post_evaluation: { vi: 'Đánh giá sau đầu tư', en: 'Post-evaluation' },
};

/** dd/mm/yyyy HH:MM in Vietnam time. */
function vnDateTime(instant: string): string {
  const local = new Date(Date.parse(instant) + 7 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}`;
}

export interface ReminderText {
  readonly subject: string;
  readonly text: string;
}

/**
 * The e-mail of a reminder.
 *
 * @example
 * reminderText({ kind: 'info_reply', projectTitle: 'Dây chuyền kẹo khóm', dueAt, escalation: false }, 'vi').subject
 */
export function reminderText(
  reminder: { kind: string; projectTitle?: string | null; projectId: string; dueAt: string; escalation: boolean },
  language: Language = 'vi',
): ReminderText {
  const title = KIND_TITLES[reminder.kind]?.[language] ?? reminder.kind;
  const project = reminder.projectTitle ?? reminder.projectId;
  const due = vnDateTime(reminder.dueAt);
  if (language === 'en') {
    const prefix = reminder.escalation ? '[Overdue] ' : '';
    return {
      subject: `${prefix}${title}: ${project}`,
      text: `${reminder.escalation ? 'This work is overdue.' : 'This work is due.'}\n\nProject: ${project}\nTask: ${title}\nDue: ${due} (Vietnam time)\n`,
    };
  }
  const prefix = reminder.escalation ? '[Quá hạn] ' : '';
  return {
    subject: `${prefix}${title}: ${project}`,
    text: `${reminder.escalation ? 'Công việc đã quá hạn.' : 'Công việc sắp đến hạn.'}\n\nĐề án: ${project}\nViệc cần làm: ${title}\nHạn: ${due} (giờ Việt Nam)\n`,
  };
}
