import type { ProjectEvent } from '@app/domain';

/**
 * The integration events the engine publishes to finance systems (version 1). They are a public
 * contract, separate from the domain events they are mapped from: a domain event may change
 * shape (with an upcaster), these change only by a new version.
 */
export const INTEGRATION_EVENT_TYPES = [
  'commitment.recorded',
  'commitment.adjusted',
  'commitment.released',
  'payment_order.issued',
  'settlement.approved',
  'refund.demanded',
  'reminder.due',
] as const;

export type IntegrationEventType = (typeof INTEGRATION_EVENT_TYPES)[number];

export function isIntegrationEventType(value: unknown): value is IntegrationEventType {
  return (INTEGRATION_EVENT_TYPES as readonly unknown[]).includes(value);
}

/** Where the fact comes from, so a receiver can order and trace what it gets. */
export interface IntegrationSource {
  readonly projectId: string;
  readonly programmeId: string;
  /** Version of the project stream after the fact: receivers order by it. */
  readonly streamVersion: number;
  /** Global log position of the fact. */
  readonly position: number;
  /** When the fact happened (the command's time). */
  readonly occurredAt: string;
}

export interface CommitmentRecorded extends IntegrationSource {
  readonly contractNo: string;
  readonly signedOn: string;
  readonly amountVnd: number;
  readonly counterpartVnd: number;
  readonly payee: { readonly name: string; readonly taxCode?: string };
  readonly tranches: readonly { readonly no: number; readonly kind: string; readonly amountVnd: number }[];
}

export interface CommitmentAdjusted extends IntegrationSource {
  readonly amendmentNo: number;
  readonly amountVnd: number;
  readonly deltaVnd: number;
}

export interface CommitmentReleased extends IntegrationSource {
  readonly reason: 'termination' | 'settlement';
  readonly releasedVnd: number;
}

export interface PaymentOrderIssued extends IntegrationSource {
  readonly paymentOrderNo: string;
  readonly contractNo: string;
  readonly trancheNo: number;
  readonly trancheKind: string;
  readonly amountVnd: number;
  readonly payee: { readonly name: string; readonly taxCode?: string };
}

export interface SettlementApprovedMessage extends IntegrationSource {
  readonly approvedVnd: number;
  readonly disbursedVnd: number;
  readonly payableVnd: number;
  readonly refundDueVnd: number;
}

export interface RefundDemandedMessage extends IntegrationSource {
  readonly amountVnd: number;
  readonly dueOn: string;
  readonly reason: string;
}

export interface ReminderDue {
  readonly reminderId: string;
  readonly kind: string;
  readonly projectId: string;
  readonly dueAt: string;
  readonly assignees: readonly string[];
}

export interface IntegrationMessage<Data = unknown> {
  /** Stable message id (`webhook-id`): the same across retries and replays. */
  readonly id: string;
  readonly type: IntegrationEventType;
  readonly version: 1;
  readonly data: Data;
}

/** The fields of a stored event the mapping needs. */
export interface SourceEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly type: string;
  readonly data: unknown;
}

/**
 * The integration messages one stored event gives (most give none). Ids derive from the event id,
 * so mapping the same event again gives the same messages.
 *
 * @example
 * toIntegrationMessages(tranchesApprovedEvent) // [{ id: 'msg_…', type: 'payment_order.issued', … }]
 */
export function toIntegrationMessages(event: SourceEvent): IntegrationMessage[] {
  if (event.streamId.startsWith('reminders-')) return reminderMessages(event);
  if (!event.streamId.startsWith('project-')) return [];
  const projectEvent = { type: event.type, data: event.data } as ProjectEvent;
  const base = (programmeId: string, occurredAt: string): IntegrationSource => ({
    projectId: event.streamId.slice('project-'.length),
    programmeId,
    streamVersion: event.version,
    position: event.position,
    occurredAt,
  });
  const message = <D>(type: IntegrationEventType, data: D, suffix = ''): IntegrationMessage<D> => ({
    id: `msg_${event.eventId.replace(/-/g, '')}${suffix}`,
    type,
    version: 1,
    data,
  });
  switch (projectEvent.type) {
    case 'ContractSigned': {
      const d = projectEvent.data;
      return [
        message<CommitmentRecorded>('commitment.recorded', {
          ...base(d.programmeId, d.at),
          contractNo: d.contractNo,
          signedOn: d.signedOn,
          amountVnd: d.contractVnd,
          counterpartVnd: d.counterpartVnd,
          payee: { name: d.beneficiary.name, ...(d.beneficiary.taxCode ? { taxCode: d.beneficiary.taxCode } : {}) },
          tranches: d.tranches.map((t) => ({ no: t.no, kind: t.kind, amountVnd: t.amountVnd })),
        }),
      ];
    }
    case 'AmendmentApproved': {
      const d = projectEvent.data;
      const delta = d.changes.supportDeltaVnd ?? 0;
      if (delta === 0) return [];
      return [message<CommitmentAdjusted>('commitment.adjusted', { ...base(d.programmeId, d.at), amendmentNo: d.amendmentNo, amountVnd: d.contractVnd, deltaVnd: delta })];
    }
    case 'ProjectTerminated': {
      const d = projectEvent.data;
      return [message<CommitmentReleased>('commitment.released', { ...base(d.programmeId, d.at), reason: 'termination', releasedVnd: d.releasedVnd })];
    }
    case 'TrancheApproved': {
      const d = projectEvent.data;
      return [
        message<PaymentOrderIssued>('payment_order.issued', {
          ...base(d.programmeId, d.at),
          paymentOrderNo: d.paymentOrderNo,
          contractNo: d.contractNo,
          trancheNo: d.trancheNo,
          trancheKind: d.kind,
          amountVnd: d.amountVnd,
          payee: { ...d.payee },
        }),
      ];
    }
    case 'SettlementApproved': {
      const d = projectEvent.data;
      const messages: IntegrationMessage[] = [
        message<SettlementApprovedMessage>('settlement.approved', {
          ...base(d.programmeId, d.at),
          approvedVnd: d.approvedVnd,
          disbursedVnd: d.disbursedVnd,
          payableVnd: d.payableVnd,
          refundDueVnd: d.refundDueVnd,
        }),
      ];
      if (d.releasedVnd > 0) {
        messages.push(message<CommitmentReleased>('commitment.released', { ...base(d.programmeId, d.at), reason: 'settlement', releasedVnd: d.releasedVnd }, '_released'));
      }
      return messages;
    }
    case 'RefundDemanded': {
      const d = projectEvent.data;
      return [message<RefundDemandedMessage>('refund.demanded', { ...base(d.programmeId, d.at), amountVnd: d.amountVnd, dueOn: d.dueOn, reason: d.reason })];
    }
    default:
      return [];
  }
}

/** `reminder.due` is sent when the reminder's webhook channel fires (`ReminderSent`, channel `webhook`). */
function reminderMessages(event: SourceEvent): IntegrationMessage[] {
  if (event.type !== 'ReminderSent') return [];
  const d = event.data as { channel?: string; reminderId: string; kind: string; projectId: string; dueAt: string; assignees?: readonly string[]; recipients?: readonly string[] };
  if (d.channel !== 'webhook') return [];
  return [
    {
      id: `msg_${event.eventId.replace(/-/g, '')}`,
      type: 'reminder.due',
      version: 1,
      data: { reminderId: d.reminderId, kind: d.kind, projectId: d.projectId, dueAt: d.dueAt, assignees: [...(d.assignees ?? d.recipients ?? [])] } satisfies ReminderDue,
    },
  ];
}
