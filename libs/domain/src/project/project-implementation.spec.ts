import { deciderSpec } from '@app/testing/decider-spec';
import { projectDecider } from './project.decider';
import { cmd, T, worldAt } from '../testing/domain-fixtures';

const spec = deciderSpec(projectDecider);

describe('contracted', () => {
  describe('StartImplementation', () => {
    it('starts a contracted project', () => {
      spec
        .given(worldAt('contracted').history)
        .when(cmd.start())
        .then([
          {
            type: 'ImplementationStarted',
            data: { projectId: 'p-1', startedOn: '2026-05-04', plannedEnd: '2026-10-31', startedBy: 'officer-1', at: T.started },
          },
        ]);
    });

    it('does not start before the contract or after today', () => {
      const given = spec.given(worldAt('contracted').history);
      given.when(cmd.start({ startedOn: '2026-04-19' })).thenThrows('PROJECT.DATES_OUT_OF_ORDER');
      given.when(cmd.start({ startedOn: '2026-05-05' })).thenThrows('PROJECT.DATE_IN_FUTURE');
    });
  });
});

describe('in_implementation', () => {
  describe('ReportProgress', () => {
    it('records a monthly report with its due date', () => {
      spec
        .given(worldAt('in_implementation').history)
        .when(cmd.progress({ period: '2026-06', at: '2026-07-02T09:00:00+07:00' }))
        .then([
          {
            type: 'ProgressReported',
            data: {
              projectId: 'p-1',
              period: '2026-06',
              percentComplete: 80,
              summary: 'Đã lắp đặt máy',
              dueOn: '2026-06-25',
              late: true,
              reportedBy: 'officer-1',
              at: '2026-07-02T09:00:00+07:00',
            },
          },
        ]);
    });

    it('refuses a second report for a period, earlier periods and regressions', () => {
      const w = worldAt('in_implementation').run(cmd.progress({ percentComplete: 40 }));
      const given = spec.given(w.history);
      given.when(cmd.progress()).thenThrows('PROGRESS.PERIOD_ALREADY_REPORTED');
      given.when(cmd.progress({ period: '2026-06' })).thenThrows('PROGRESS.PERIOD_OUT_OF_ORDER');
      const error = given
        .when(cmd.progress({ period: '2026-08', percentComplete: 30, at: '2026-08-20T09:00:00+07:00' }))
        .thenThrows('PROGRESS.REGRESSED');
      expect(error.details).toMatchObject({ percentComplete: 30, lastPercentComplete: 40 });
    });

    it.each([
      [{ period: '2026-13' }, 'PROGRESS.INVALID_PERIOD'],
      [{ period: '07/2026' }, 'PROGRESS.INVALID_PERIOD'],
      [{ period: '2026-08' }, 'PROGRESS.PERIOD_IN_FUTURE'],
      [{ percentComplete: 101 }, 'PROGRESS.PERCENT_OUT_OF_RANGE'],
      [{ percentComplete: -1 }, 'PROGRESS.PERCENT_OUT_OF_RANGE'],
      [{ summary: '' }, 'COMMAND.FIELD_REQUIRED'],
    ])('refuses %o with %s', (override, code) => {
      spec.given(worldAt('in_implementation').history).when(cmd.progress(override)).thenThrows(code);
    });
  });

  describe('SuspendProject and ResumeProject', () => {
    it('suspends and resumes', () => {
      const w = worldAt('in_implementation');
      spec
        .given(w.history)
        .when(cmd.suspend())
        .then([{ type: 'ProjectSuspended', data: { projectId: 'p-1', reason: 'Thanh tra', suspendedBy: 'approver-1', at: T.progress } }]);
      w.run(cmd.suspend());
      spec
        .given(w.history)
        .when(cmd.resume())
        .then([
          {
            type: 'ProjectResumed',
            data: { projectId: 'p-1', reason: 'Kết thúc thanh tra', resumedBy: 'approver-1', at: T.trancheRequested },
          },
        ]);
    });

    it('is for approvers', () => {
      spec.given(worldAt('in_implementation').history).when(cmd.suspend({ actor: { id: 'x', roles: ['officer'] } })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
    });
  });

  describe('DeclareCompletion', () => {
    it('moves the project to awaiting acceptance with its last progress', () => {
      const w = worldAt('in_implementation').run(cmd.progress());
      spec
        .given(w.history)
        .when(cmd.complete())
        .then([
          {
            type: 'CompletionDeclared',
            data: { projectId: 'p-1', finalReportRef: 'BC-TONG-KET', progressPercent: 80, declaredBy: 'officer-1', at: T.completed },
          },
        ]);
    });
  });
});

describe('awaiting_acceptance', () => {
  describe('RecordAcceptance', () => {
    it('accepts with the indicators measured at acceptance', () => {
      spec
        .given(worldAt('awaiting_acceptance').history)
        .when(cmd.accept())
        .then([
          {
            type: 'AcceptanceRecorded',
            data: {
              projectId: 'p-1',
              passed: true,
              minutesRef: 'NT-5a',
              indicators: { productivityGainPercent: 200 },
              defects: [],
              acceptedOn: '2026-10-10',
              recordedBy: 'officer-1',
              at: T.accepted,
            },
          },
        ]);
    });

    it('keeps a failed acceptance waiting, with its defects', () => {
      const w = worldAt('awaiting_acceptance').run(cmd.accept({ passed: false, defects: ['Máy chưa chạy ổn định'] }));
      expect(w.project).toMatchObject({ status: 'awaiting_acceptance', execution: { openDefects: ['Máy chưa chạy ổn định'] } });
      w.run(cmd.accept({ at: '2026-10-20T09:00:00+07:00' }));
      expect(w.project).toMatchObject({ status: 'accepted', execution: { openDefects: [] } });
    });

    it('needs defects when it did not pass', () => {
      spec.given(worldAt('awaiting_acceptance').history).when(cmd.accept({ passed: false })).thenThrows('ACCEPTANCE.DEFECTS_REQUIRED');
    });

    it('needs numeric indicators', () => {
      spec
        .given(worldAt('awaiting_acceptance').history)
        .when(cmd.accept({ indicators: { jobs: 'many' as unknown as number } }))
        .thenThrows('COMMAND.INVALID_FIELD');
    });
  });
});
