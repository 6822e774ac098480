import type { Authority, DocumentKind, Role } from '@app/domain';

/*
 * The demo programme: what a newcomer should find in a living system. Everything here is
 * invented for illustration (people, establishments, tax codes, phone numbers, decision numbers);
 * the amounts respect the caps of the sample policy set `vn-longan-local-2022`.
 */

/** The demo staff, one user per role, so the history shows who did what. */
export const DEMO_PEOPLE = {
  admin: { sub: 'demo-admin', roles: ['admin'], name: 'Quản trị hệ thống' },
  officer: { sub: 'demo-officer', roles: ['officer'], name: 'Nguyễn Văn Tâm', areas: ['80'] },
  // The collaborator is scoped to the commune they work in (Xã Bình Hòa, Tây Ninh).
  collaborator: { sub: 'demo-ctv', roles: ['collaborator'], name: 'Lê Thị Mai', areas: ['27811'] },
  appraiser1: { sub: 'demo-appraiser-1', roles: ['appraiser'], name: 'Trần Quốc Bảo' },
  appraiser2: { sub: 'demo-appraiser-2', roles: ['appraiser'], name: 'Phạm Thị Thu Hà' },
  appraiser3: { sub: 'demo-appraiser-3', roles: ['appraiser'], name: 'Võ Minh Trí' },
  appraiser4: { sub: 'demo-appraiser-4', roles: ['appraiser'], name: 'Huỳnh Ngọc Lan' },
  // The approver never scores: the engine refuses funding decisions by a scorer or the creator.
  // They hold the provincial People's Committee's authority, which decides the demo's amendments.
  approver: { sub: 'demo-approver', roles: ['approver'], name: 'Đặng Văn Hùng', authority: 'people_committee' },
  accountant: { sub: 'demo-accountant', roles: ['accountant'], name: 'Ngô Thị Kim Oanh' },
  auditor: { sub: 'demo-auditor', roles: ['auditor'], name: 'Lý Thanh Sơn' },
} satisfies Record<string, DemoPerson>;

export interface DemoPerson {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly name: string;
  readonly areas?: readonly string[];
  readonly authority?: Authority;
}

export type PersonKey = keyof typeof DEMO_PEOPLE;

export const APPRAISERS = ['appraiser1', 'appraiser2', 'appraiser3', 'appraiser4'] as const satisfies readonly PersonKey[];

/** The state each demo project is left in, in the order the loader drives them. */
export type DemoTarget =
  | 'draft'
  | 'submitted'
  | 'info_requested'
  | 'withdrawn'
  | 'in_appraisal'
  | 'not_recommended'
  | 'recommended'
  | 'rejected'
  | 'approved'
  | 'in_implementation'
  | 'awaiting_acceptance'
  | 'settled'
  | 'closed';

export type Scores = Readonly<Record<'fit' | 'necessity' | 'cost' | 'capacity' | 'dossier', number>>;

export interface DemoBeneficiary {
  readonly name: string;
  readonly kind: 'enterprise' | 'cooperative' | 'cooperative_group' | 'household_business';
  readonly taxCode?: string;
  readonly province: '80';
  readonly commune: string;
  readonly contact?: { readonly name: string; readonly phone: string };
}

export interface DemoProject {
  readonly target: DemoTarget;
  readonly createdBy: 'officer' | 'collaborator';
  readonly title: string;
  readonly category: 'MACHINERY' | 'DEMO_MODEL' | 'BRAND' | 'TRAINING' | 'FAIR' | 'CONSULTING';
  readonly beneficiary: DemoBeneficiary;
  readonly totalCostVnd: number;
  readonly requestedSupportVnd: number;
  readonly objectives: string;
  readonly expectedEffects?: string;
  /** An information request on the way (answered unless the target is `info_requested`). */
  readonly infoRequest?: { readonly reason: string; readonly reply: string };
  readonly withdrawalReason?: string;
  /** One set of scores per appraiser 1–3 (appraiser 4 sits on the panel too). */
  readonly scores?: readonly [Scores, Scores, Scores];
  /** An appraiser-4 conflict of interest, declared before scoring. */
  readonly conflictNote?: string;
  readonly conclusionNote?: string;
  readonly recommendedSupportVnd?: number;
  readonly approvedSupportVnd?: number;
  readonly rejectionReason?: string;
  /** Reported progress before the advance; above 70 % for machinery and demo models (policy). */
  readonly progressPercent?: number;
  readonly progressSummary?: string;
  readonly evidenceRefs?: readonly string[];
  readonly indicators?: Readonly<Record<string, number>>;
  /** What the final tranche actually claims; less than scheduled leaves the rest unspent. */
  readonly finalClaimVnd?: number;
  readonly outcomeIndicators?: Readonly<Record<string, number>>;
  /** Dossier kinds handed in on paper at the centre (registry book entries) rather than uploaded. */
  readonly paperDocuments?: readonly DocumentKind[];
}

/*
 * Communes and wards of Tây Ninh (province 80 since 1 July 2025, which took in the former Long
 * An), with their codes in the current register (libs/domain/src/areas/current-register.ts).
 */
const COMMUNE = {
  benLuc: '27991', // Xã Bến Lức
  ducHoa: '27937', // Xã Đức Hòa
  ducHue: '27925', // Xã Đức Huệ
  binhHoa: '27811', // Xã Bình Hòa, the collaborator's commune
  tanHung: '27721', // Xã Tân Hưng
  thuThua: '28036', // Xã Thủ Thừa
  tanTru: '28075', // Xã Tân Trụ
  canDuoc: '28108', // Xã Cần Đước
  canGiuoc: '28159', // Xã Cần Giuộc
  tamVu: '28210', // Xã Tầm Vu
} as const;

// Three panels' worth of passing scores (pass mark 6.0), so mean scores differ between projects.
const good: readonly [Scores, Scores, Scores] = [
  { fit: 8, necessity: 8, cost: 7, capacity: 7, dossier: 9 },
  { fit: 7, necessity: 8, cost: 7, capacity: 7, dossier: 8 },
  { fit: 9, necessity: 8, cost: 6, capacity: 8, dossier: 7 },
];
const strong: readonly [Scores, Scores, Scores] = [
  { fit: 9, necessity: 9, cost: 8, capacity: 8, dossier: 9 },
  { fit: 9, necessity: 8, cost: 8, capacity: 9, dossier: 8 },
  { fit: 8, necessity: 9, cost: 7, capacity: 8, dossier: 9 },
];
const fair: readonly [Scores, Scores, Scores] = [
  { fit: 7, necessity: 6, cost: 6, capacity: 6, dossier: 7 },
  { fit: 7, necessity: 7, cost: 5, capacity: 6, dossier: 6 },
  { fit: 6, necessity: 7, cost: 6, capacity: 7, dossier: 6 },
];

/** A dozen projects in every state of the lifecycle, across categories, kinds and communes. */
export const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    target: 'closed',
    // The registration certificate came by post: a paper item with its registry book number.
    paperDocuments: ['business_registration'],
    createdBy: 'officer',
    title: 'Ứng dụng dây chuyền bán tự động sản xuất kẹo khóm',
    category: 'MACHINERY',
    beneficiary: {
      name: 'Hộ kinh doanh Cơ sở kẹo khóm Út Hoa',
      kind: 'household_business',
      province: '80',
      commune: COMMUNE.benLuc,
      contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' },
    },
    totalCostVnd: 400_000_000,
    requestedSupportVnd: 150_000_000,
    objectives: 'Thay thế nấu và cắt kẹo thủ công bằng dây chuyền bán tự động, nâng công suất lên 2 tấn/ngày',
    expectedEffects: 'Giảm 30% lao động thủ công, tạo việc làm ổn định cho 12 lao động nông thôn',
    infoRequest: { reason: 'Bổ sung 3 báo giá thiết bị và giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm', reply: 'Đã bổ sung 3 báo giá và giấy chứng nhận ATTP' },
    scores: good,
    progressPercent: 80,
    progressSummary: 'Đã lắp đặt nồi nấu và máy cắt, đang chạy thử dây chuyền',
    evidenceRefs: ['Hợp đồng mua thiết bị số 12/HĐMB', 'Biên bản bàn giao thiết bị'],
    indicators: { outputTonsPerDay: 2, jobs: 12 },
    outcomeIndicators: { outputTonsPerDay: 2.2, jobs: 14, revenueVnd: 3_600_000_000 },
  },
  {
    target: 'in_implementation',
    createdBy: 'officer',
    title: 'Ứng dụng robot gắp gạch tự động cho dây chuyền lò nung tuynel',
    category: 'MACHINERY',
    beneficiary: { name: 'Công ty TNHH Gạch tuynel Phú Hòa', kind: 'enterprise', taxCode: '1101452873', province: '80', commune: COMMUNE.ducHoa },
    totalCostVnd: 1_250_000_000,
    requestedSupportVnd: 300_000_000,
    objectives: 'Tự động hóa khâu xếp gạch mộc lên goòng, thay 16 lao động bốc xếp nặng nhọc',
    expectedEffects: 'Giảm 40% chi phí nhân công khâu xếp goòng, giảm tai nạn lao động, ổn định chất lượng gạch',
    scores: strong,
    conflictNote: 'Là cổ đông góp vốn của công ty',
    progressPercent: 75,
    progressSummary: 'Robot đã lắp đặt trên nền móng, đang hiệu chỉnh tay gắp theo kích thước gạch',
    evidenceRefs: ['Hợp đồng mua robot số 05/HĐKT', 'Biên bản nghiệm thu lắp đặt'],
  },
  {
    target: 'awaiting_acceptance',
    createdBy: 'officer',
    title: 'Mô hình trình diễn kỹ thuật sấy thanh long bằng bơm nhiệt',
    category: 'DEMO_MODEL',
    beneficiary: { name: 'Hợp tác xã Nông nghiệp Thanh long Châu Thành', kind: 'cooperative', taxCode: '1101893215', province: '80', commune: COMMUNE.tamVu },
    totalCostVnd: 520_000_000,
    requestedSupportVnd: 250_000_000,
    objectives: 'Trình diễn công nghệ sấy bơm nhiệt thay lò sấy củi, công suất 1 tấn trái tươi/mẻ',
    expectedEffects: 'Giảm 35% chi phí năng lượng, sản phẩm thanh long sấy dẻo đạt tiêu chuẩn xuất khẩu',
    scores: strong,
    progressPercent: 95,
    progressSummary: 'Đã vận hành thử 10 mẻ sấy, tổ chức hội thảo trình diễn cho 40 cơ sở',
    evidenceRefs: ['Hợp đồng cung cấp máy sấy số 21/HĐ', 'Biên bản hội thảo trình diễn'],
  },
  {
    target: 'settled',
    createdBy: 'officer',
    title: 'Xây dựng thương hiệu và thiết kế bao bì cho sản phẩm rượu đế Gò Đen',
    category: 'BRAND',
    beneficiary: { name: 'Công ty TNHH Rượu Gò Đen Phước Lợi', kind: 'enterprise', taxCode: '1101237764', province: '80', commune: COMMUNE.benLuc },
    totalCostVnd: 96_000_000,
    requestedSupportVnd: 45_000_000,
    objectives: 'Đăng ký nhãn hiệu, thiết kế bộ nhận diện và bao bì, xây dựng trang thông tin sản phẩm',
    expectedEffects: 'Sản phẩm được bảo hộ nhãn hiệu, tham gia chương trình OCOP',
    scores: good,
    progressPercent: 60,
    progressSummary: 'Đã nộp đơn đăng ký nhãn hiệu, hoàn thành thiết kế bộ nhận diện',
    evidenceRefs: ['Hợp đồng tư vấn thiết kế số 08/HĐTV'],
    indicators: { trademarkFiled: 1, packagingDesigns: 3 },
    finalClaimVnd: 12_000_000,
  },
  {
    target: 'approved',
    createdBy: 'officer',
    title: 'Đào tạo nghề đan lục bình cho 35 lao động nông thôn',
    category: 'TRAINING',
    beneficiary: { name: 'Hợp tác xã Thủ công mỹ nghệ Tân Hưng', kind: 'cooperative', taxCode: '1101674402', province: '80', commune: COMMUNE.tanHung },
    totalCostVnd: 92_000_000,
    requestedSupportVnd: 75_000_000,
    objectives: 'Mở lớp đào tạo nghề đan lục bình 3 tháng cho 35 lao động nông thôn',
    expectedEffects: 'Ít nhất 80% học viên có việc làm tại hợp tác xã sau khóa học',
    scores: fair,
    approvedSupportVnd: 72_000_000,
  },
  {
    target: 'recommended',
    createdBy: 'officer',
    title: 'Hỗ trợ tham gia Hội chợ triển lãm hàng công nghiệp nông thôn tiêu biểu khu vực phía Nam',
    category: 'FAIR',
    beneficiary: { name: 'Công ty TNHH Thực phẩm Lạp xưởng Cần Đước', kind: 'enterprise', taxCode: '1101558190', province: '80', commune: COMMUNE.canDuoc },
    totalCostVnd: 60_000_000,
    requestedSupportVnd: 48_000_000,
    objectives: 'Thuê 2 gian hàng tiêu chuẩn giới thiệu sản phẩm lạp xưởng và tìm nhà phân phối',
    expectedEffects: 'Ký kết ít nhất 3 hợp đồng phân phối mới',
    scores: good,
  },
  {
    target: 'rejected',
    createdBy: 'officer',
    title: 'Ứng dụng máy CNC 4 trục trong sản xuất đồ gỗ nội thất',
    category: 'MACHINERY',
    beneficiary: { name: 'Công ty TNHH Đồ gỗ Phước Lâm', kind: 'enterprise', taxCode: '1101309921', province: '80', commune: COMMUNE.canGiuoc },
    totalCostVnd: 700_000_000,
    requestedSupportVnd: 300_000_000,
    objectives: 'Đầu tư máy CNC 4 trục để gia công chi tiết đồ gỗ nội thất',
    scores: fair,
    rejectionReason: 'Kinh phí năm nay ưu tiên cơ sở công nghiệp nông thôn quy mô nhỏ; đề nghị đăng ký lại năm sau',
  },
  {
    target: 'not_recommended',
    createdBy: 'officer',
    title: 'Xây dựng nhãn hiệu tập thể cho sản phẩm nem chua Tân Trụ',
    category: 'BRAND',
    beneficiary: { name: 'Tổ hợp tác sản xuất nem chua Bình Lãng', kind: 'cooperative_group', province: '80', commune: COMMUNE.tanTru },
    totalCostVnd: 80_000_000,
    requestedSupportVnd: 40_000_000,
    objectives: 'Đăng ký nhãn hiệu tập thể và xây dựng quy chế sử dụng nhãn hiệu',
    scores: [
      { fit: 6, necessity: 5, cost: 4, capacity: 4, dossier: 3 },
      { fit: 5, necessity: 5, cost: 5, capacity: 4, dossier: 4 },
      { fit: 6, necessity: 4, cost: 4, capacity: 5, dossier: 3 },
    ],
    conclusionNote: 'Hồ sơ chưa có phương án quản lý nhãn hiệu tập thể; năng lực tổ hợp tác chưa đáp ứng',
  },
  {
    target: 'in_appraisal',
    createdBy: 'officer',
    title: 'Ứng dụng máy sấy bơm nhiệt trong chế biến khô cá lóc',
    category: 'MACHINERY',
    beneficiary: { name: 'Hộ kinh doanh Cơ sở khô cá Bảy Tươi', kind: 'household_business', province: '80', commune: COMMUNE.ducHue },
    totalCostVnd: 280_000_000,
    requestedSupportVnd: 120_000_000,
    objectives: 'Thay phơi nắng bằng sấy bơm nhiệt, chủ động sản xuất mùa mưa, công suất 300 kg/mẻ',
    scores: good,
    conflictNote: 'Có quan hệ họ hàng với chủ cơ sở',
  },
  {
    target: 'info_requested',
    createdBy: 'officer',
    title: 'Tư vấn áp dụng hệ thống quản lý an toàn thực phẩm HACCP',
    category: 'CONSULTING',
    beneficiary: { name: 'Công ty TNHH Chế biến nông sản Thủ Thừa', kind: 'enterprise', taxCode: '1101720458', province: '80', commune: COMMUNE.thuThua },
    totalCostVnd: 90_000_000,
    requestedSupportVnd: 45_000_000,
    objectives: 'Thuê đơn vị tư vấn xây dựng và áp dụng HACCP cho xưởng chế biến chuối sấy',
    infoRequest: { reason: 'Bổ sung báo giá của đơn vị tư vấn và kế hoạch đánh giá chứng nhận', reply: '' },
  },
  {
    target: 'submitted',
    createdBy: 'collaborator',
    title: 'Mô hình trình diễn kỹ thuật sản xuất gạch không nung từ tro trấu',
    category: 'DEMO_MODEL',
    beneficiary: { name: 'Hợp tác xã Vật liệu xây dựng Tân Thạnh', kind: 'cooperative', taxCode: '1101811376', province: '80', commune: COMMUNE.binhHoa },
    totalCostVnd: 480_000_000,
    requestedSupportVnd: 200_000_000,
    objectives: 'Trình diễn dây chuyền ép gạch không nung tận dụng tro trấu của các nhà máy xay xát',
    expectedEffects: 'Giảm ô nhiễm do tro trấu, nhân rộng cho 10 cơ sở trong vùng',
  },
  {
    target: 'withdrawn',
    createdBy: 'officer',
    title: 'Truyền nghề đan nón lá cho 30 lao động nữ',
    category: 'TRAINING',
    beneficiary: { name: 'Tổ hợp tác đan nón lá Long Hậu', kind: 'cooperative_group', province: '80', commune: COMMUNE.canGiuoc },
    totalCostVnd: 60_000_000,
    requestedSupportVnd: 60_000_000,
    objectives: 'Truyền nghề đan nón lá cho 30 lao động nữ nông thôn',
    withdrawalReason: 'Tổ hợp tác xin rút hồ sơ vì chưa bố trí được mặt bằng đào tạo',
  },
  {
    target: 'draft',
    createdBy: 'collaborator',
    title: 'Ứng dụng máy ép viên nén trấu làm chất đốt',
    category: 'MACHINERY',
    beneficiary: {
      name: 'Hộ kinh doanh Cơ sở viên nén Hai Lộc',
      kind: 'household_business',
      province: '80',
      commune: COMMUNE.binhHoa,
      contact: { name: 'Trần Văn Lộc', phone: '0983456712' },
    },
    totalCostVnd: 360_000_000,
    requestedSupportVnd: 150_000_000,
    objectives: 'Ép trấu thành viên nén làm chất đốt cho lò sấy, công suất 1,5 tấn/giờ',
  },
];
