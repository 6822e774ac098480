import { DOCUMENT_KINDS, type DocumentKind, type DossierStep, findPolicy } from '@app/domain';
import type { DemoProject } from './demo-data';
import { demoPdf } from './demo-pdf';
import type { DocumentUpload } from './engine-client';

/** The policy set of the demo programme, whose dossier rules say what each step needs. */
export const DEMO_POLICY_ID = 'vn-longan-local-2022';

/**
 * The document kinds the demo policy requires before `step` for a project of `category`.
 *
 * @example
 * requiredKinds('MACHINERY', 'submit'); // ['proposal_form', 'business_registration', 'quotation']
 */
export function requiredKinds(category: DemoProject['category'], step: DossierStep): readonly DocumentKind[] {
  return findPolicy(DEMO_POLICY_ID)?.dossier?.categories[category]?.[step] ?? [];
}

/** The Vietnamese name of a document kind ("Biên bản nghiệm thu"). */
export function kindName(kind: DocumentKind): string {
  return DOCUMENT_KINDS.find((k) => k.code === kind)?.nameVi ?? kind;
}

/**
 * An illustrative PDF of one dossier item of a demo project: the kind's name as its title, the
 * project, the establishment and the paper's number when it has one, marked as demo data.
 *
 * @example
 * const upload = demoDocument('contract', project, '01/2026/HĐ-KC');
 */
export function demoDocument(kind: DocumentKind, project: DemoProject, ref?: string): DocumentUpload {
  const title = kindName(kind);
  const bytes = demoPdf({
    title,
    lines: [
      ...(ref ? [`Số: ${ref}`] : []),
      `Dự án: ${project.title}`,
      `Đơn vị thụ hưởng: ${project.beneficiary.name}`,
      '',
      'Tài liệu minh họa - dữ liệu demo, không có giá trị pháp lý.',
    ],
  });
  return { kind, title, fileName: `${kind.replace(/_/g, '-')}.pdf`, mediaType: 'application/pdf', bytes };
}
