import { useState } from 'react';
import type { ProjectDetail } from '../../api/types';
import { useApp } from '../../app-context';
import { ErrorNotice, Money, Section, TableScroll } from '../../components/ui';
import { payableOrders } from '../../domain/availability';
import { formatDate, formatMonth, formatVnd } from '../../format';
import { useI18n } from '../../i18n/i18n';

/** The contract's payment schedule, with a development button to simulate the treasury paying an order. */
export function Tranches({ project, onPaid }: { readonly project: ProjectDetail; readonly onPaid: (position: number, message: string) => void }) {
  const { t } = useI18n();
  const { api, devAvailable } = useApp();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const payable = devAvailable ? payableOrders(project) : [];
  const pay = async (order: { paymentOrderNo: string; amountVnd: number }) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = await api.send<{ position?: number }>('POST', '/console/dev/treasury-payments', { paymentOrderNo: order.paymentOrderNo, amountVnd: order.amountVnd });
      onPaid(answer.position ?? project.position, t('project.paymentRecorded', { order: order.paymentOrderNo }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('project.tranches')} id="tranches">
      {project.contract ? (
        <p className="muted small">
          {project.contract.contractNo} · {formatDate(project.contract.signedOn)}
          {project.contract.progress.length > 0
            ? ` · ${formatMonth(project.contract.progress[project.contract.progress.length - 1]?.period ?? '')}: ${project.contract.progress[project.contract.progress.length - 1]?.percentComplete ?? 0}%`
            : ''}
        </p>
      ) : null}
      {project.tranches.length === 0 ? (
        <p className="muted">{t('project.noTranches')}</p>
      ) : (
        <TableScroll label={t('project.tranches')}>
          <table className="tranches-table reflow">
            <thead>
              <tr>
                <th scope="col">{t('project.tranche.no')}</th>
                <th scope="col">{t('project.tranche.kind')}</th>
                <th scope="col">{t('project.tranche.scheduled')}</th>
                <th scope="col">{t('project.tranche.status')}</th>
                <th scope="col">{t('project.tranche.order')}</th>
                <th scope="col">{t('project.tranche.paid')}</th>
              </tr>
            </thead>
            <tbody>
              {project.tranches.map((tr) => (
                <tr key={tr.no} data-tranche={tr.no} data-tranche-status={tr.status}>
                  <td data-cell="no" data-label={t('project.tranche.no')}>
                    {tr.no}
                  </td>
                  <td data-cell="kind" data-label={t('project.tranche.kind')}>
                    {t(`trancheKind.${tr.kind}`)}
                  </td>
                  <td data-cell="scheduled" data-label={t('project.tranche.scheduled')}>
                    <Money value={tr.scheduledVnd} />
                  </td>
                  <td data-cell="status" data-label={t('project.tranche.status')}>
                    <span className={`badge tone-${tr.status === 'paid' ? 'success' : tr.status === 'rejected' || tr.status === 'failed' ? 'danger' : 'info'}`}>{t(`trancheStatus.${tr.status}`)}</span>
                  </td>
                  <td data-cell="order" data-label={t('project.tranche.order')}>
                    {tr.paymentOrderNo ?? '—'}
                  </td>
                  <td data-cell="paid" data-label={t('project.tranche.paid')}>
                    <Money value={tr.paidVnd} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {payable.length > 0 ? (
        <div className="dev-box">
          <p className="muted small">
            <span className="badge tone-warning">{t('app.devOnly')}</span> {t('project.simulatePaymentHint')}
          </p>
          {payable.map((order) => (
            <button key={order.paymentOrderNo} type="button" className="button" data-simulate-payment={order.paymentOrderNo} disabled={busy} onClick={() => void pay(order)}>
              {t('project.simulatePayment', { order: order.paymentOrderNo })} ({formatVnd(order.amountVnd)})
            </button>
          ))}
          {failure ? <ErrorNotice error={failure} /> : null}
        </div>
      ) : null}
    </Section>
  );
}
