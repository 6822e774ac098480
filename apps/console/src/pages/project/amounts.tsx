import type { ProjectDetail } from '../../api/types';
import { Money, Section } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';

const AMOUNT_KEYS = ['totalCostVnd', 'counterpartVnd', 'requestedVnd', 'recommendedVnd', 'approvedVnd', 'contractVnd', 'disbursedVnd', 'refundDemandedVnd', 'refundedVnd'] as const;

/** The project's amounts, from the total cost to what was refunded (refunds only when there are any). */
export function Amounts({ project }: { readonly project: ProjectDetail }) {
  const { t } = useI18n();
  return (
    <Section title={t('project.amounts')} id="amounts">
      <dl className="amounts">
        {AMOUNT_KEYS.filter((k) => !(k.startsWith('refund') && project.amounts[k] === 0)).map((k) => (
          <div key={k} className="amount" data-amount={k}>
            <dt>{t(`project.amount.${k}`)}</dt>
            <dd>
              <Money value={project.amounts[k]} />
            </dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
