import { useEffect, useState } from 'react';
import type { ChainVerification, HistoryEvent } from '../../api/types';
import { useApp } from '../../app-context';
import { type ChainCheck, verifyStreamChain } from '../../chain';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n/i18n';

/** Whether the project's streams (and, for auditors and administrators, the whole log) pass their hash-chain check. */
export function ChainBadge({ projectId, events }: { readonly projectId: string; readonly events: readonly HistoryEvent[] | undefined }) {
  const { t } = useI18n();
  const { api, session, epoch } = useApp();
  const [check, setCheck] = useState<ChainCheck>();
  useEffect(() => {
    if (!events) return;
    let live = true;
    setCheck(undefined);
    // Each stream has its own chain (ADR 2): the project's, and its reminders' when the history carries them.
    const streams = new Map<string, HistoryEvent[]>();
    for (const e of events) {
      const stream = e.streamId ?? `project-${projectId}`;
      streams.set(stream, [...(streams.get(stream) ?? []), e]);
    }
    Promise.all([...streams].map(([stream, list]) => verifyStreamChain(stream, list))).then(
      (results) => {
        if (!live) return;
        const bad = results.find((r) => 'unsupported' in r || !r.ok);
        setCheck(bad ?? { ok: true, count: events.length });
      },
      () => live && setCheck({ unsupported: true }),
    );
    return () => {
      live = false;
    };
  }, [projectId, events]);
  // The whole-log verification is the audit issue's route, for auditors and administrators.
  const mayAudit = session?.user.roles.some((r) => r === 'auditor' || r === 'admin') ?? false;
  const audit = useAsync(
    () => (mayAudit ? api.optional<ChainVerification>('/audit/verify').then((r) => r ?? ('unavailable' as const)) : Promise.resolve(undefined)),
    [mayAudit, epoch, events?.length],
  );
  return (
    <span className="chain" data-chain={check && 'ok' in check ? (check.ok ? 'ok' : 'broken') : 'pending'}>
      {!events ? null : !check ? (
        <span className="badge tone-neutral">{t('chain.streamChecking')}</span>
      ) : 'unsupported' in check ? (
        <span className="badge tone-neutral">{t('chain.streamUnsupported')}</span>
      ) : check.ok ? (
        <span className="badge tone-success">✓ {t('chain.streamOk', { count: check.count })}</span>
      ) : (
        <span className="badge tone-danger">✗ {t('chain.streamBroken', { version: check.version })}</span>
      )}
      {audit.data !== undefined ? ' ' : null}
      {audit.data === 'unavailable' ? (
        <span className="badge tone-neutral" data-audit="unavailable">
          {t('chain.logUnavailable')}
        </span>
      ) : audit.data ? (
        <span className={`badge tone-${audit.data.ok ? 'success' : 'danger'}`} data-audit={audit.data.ok ? 'ok' : 'broken'}>
          {audit.data.ok ? t('chain.logOk', { count: audit.data.checkedEvents }) : t('chain.logBroken', { position: audit.data.firstBrokenPosition ?? '?' })}
        </span>
      ) : null}
    </span>
  );
}
