import { useState } from 'react';
import type { HistoryEvent } from '../../api/types';
import { useApp } from '../../app-context';
import { PolicyName } from '../../components/policy-name';
import { Section } from '../../components/ui';
import { formatInstant, formatScore, formatVnd } from '../../format';
import { hasMessage, type Params, useI18n } from '../../i18n/i18n';
import { TimeTravel } from './time-travel';

/** Facts of an event worth a line in the timeline, by the data keys they come from. */
const FACT_FIELDS: readonly { readonly key: string; readonly label: string; readonly money?: boolean }[] = [
  { key: 'reason', label: 'field.reason' },
  { key: 'note', label: 'field.note' },
  { key: 'decisionNo', label: 'field.decisionNo' },
  { key: 'approvedSupportVnd', label: 'field.approvedSupportVnd', money: true },
  { key: 'recommendedSupportVnd', label: 'field.recommendedSupportVnd', money: true },
  { key: 'contractNo', label: 'field.contractNo' },
  { key: 'contractVnd', label: 'project.amount.contractVnd', money: true },
  { key: 'paymentOrderNo', label: 'field.paymentOrderNo' },
  { key: 'amountVnd', label: 'field.amountVnd', money: true },
  { key: 'weightedScore', label: 'project.weighted' },
  { key: 'meanScore', label: 'project.mean' },
  { key: 'percentComplete', label: 'field.percentComplete' },
  { key: 'minutesRef', label: 'field.minutesRef' },
];

function facts(data: unknown, t: (key: string, params?: Params) => string): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const record = data as Record<string, unknown>;
  const out: string[] = [];
  for (const f of FACT_FIELDS) {
    const value = record[f.key];
    if (typeof value === 'number') out.push(`${t(f.label)}: ${f.money ? formatVnd(value) : formatScore(value)}`);
    else if (typeof value === 'string') out.push(`${t(f.label)}: ${value}`);
  }
  return out;
}

/** The project's events, with its reminders' events between them by log position, and time travel. */
export function Timeline({ projectId, events, all }: { readonly projectId: string; readonly events: readonly HistoryEvent[]; readonly all: readonly HistoryEvent[] }) {
  const { t } = useI18n();
  const { personName } = useApp();
  const total = events.length;
  const [chosen, setChosen] = useState<number>();
  const version = chosen !== undefined && chosen <= total ? chosen : total;
  // Reminder events sit between project events by log position: those after the next version are in the future too.
  const nextPosition = events.find((e) => e.version === version + 1)?.position ?? Number.MAX_SAFE_INTEGER;
  return (
    <Section title={t('project.timeline')} id="timeline">
      <p className="muted small">{t('project.timelineHint')}</p>
      <TimeTravel projectId={projectId} events={events} version={version} onVersion={(v) => setChosen(v >= total ? undefined : v)} />
      <ol className="timeline">
        {all.map((e) => {
          if (e.streamId !== undefined && e.streamId !== `project-${projectId}`) {
            return <ReminderItem key={`${e.streamId}-${e.version}`} event={e} future={e.position > nextPosition} />;
          }
          const actor = e.metadata.actor;
          const who = actor ? (actor.id === 'finance-system' ? t('role.finance-system') : personName(actor.id)) : '—';
          const roles = actor?.roles?.map((r) => t(`role.${r}`)).join(', ');
          return (
            <li key={e.version} data-version={e.version} data-type={e.type} className={e.version > version ? 'future' : e.version === version ? 'current' : ''}>
              <button type="button" className="version-chip" onClick={() => setChosen(e.version >= total ? undefined : e.version)} aria-label={`v${e.version} · ${t('project.travel', { version: e.version, total })}`}>
                v{e.version}
              </button>
              <div className="event-body">
                <div>
                  <strong>{t(`event.${e.type}`)}</strong>
                </div>
                <div className="muted small">
                  {formatInstant(e.metadata.occurredAt ?? e.recordedAt)} · {t('project.by', { actor: who })}
                  {roles ? ` (${roles})` : ''}
                  {e.metadata.policy ? (
                    <>
                      {' · '}
                      <PolicyName policyRef={e.metadata.policy} format={(title) => t('project.policyAt', { policy: title })} />
                    </>
                  ) : null}
                </div>
                {facts(e.data, t).length > 0 ? <div className="small">{facts(e.data, t).join(' · ')}</div> : null}
                <details className="small">
                  <summary>{t('project.details')}</summary>
                  <p className="mono">{t('project.hash', { hash: e.hash.slice(0, 16) })}… · #{e.position}</p>
                  <pre>{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              </div>
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

/** A reminder event in the timeline: what work, for whom, due when. */
function ReminderItem({ event, future }: { readonly event: HistoryEvent; readonly future: boolean }) {
  const { t } = useI18n();
  const { personName } = useApp();
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as { kind?: string; dueAt?: string; assignees?: readonly string[]; channel?: string };
  const who = (data.assignees ?? []).map((a) => (a.startsWith('role:') ? t(`role.${a.slice(5)}`) : personName(a))).join(', ');
  return (
    <li className={`reminder-event${future ? ' future' : ''}`} data-type={event.type} data-reminder-event={event.type}>
      <span className="reminder-dot" aria-hidden="true" />
      <div className="event-body small">
        <div>
          {t(`event.${event.type}`)}
          {data.kind ? `: ${t(`reminder.${data.kind}`)}` : ''}
        </div>
        <div className="muted">
          {formatInstant(event.metadata.occurredAt ?? event.recordedAt)}
          {data.dueAt ? ` · ${t('reminders.due', { date: formatInstant(data.dueAt) })}` : ''}
          {who ? ` · ${t('project.reminderFor', { who })}` : ''}
          {data.channel ? ` · ${t('project.channel', { channel: hasMessage(`channel.${data.channel}`) ? t(`channel.${data.channel}`) : data.channel })}` : ''}
        </div>
      </div>
    </li>
  );
}
