import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reminder } from '../../bindings/Reminder';
import { SessionContext, type Session } from '../../session';
import { admin, invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { receptionSession } from '../../test/schedule';
import { RemindersScreen } from './RemindersScreen';
import { ReminderTemplatesPanel } from './TemplatesForm';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const reminder = (appointment_id: number, extra: Partial<Reminder> = {}): Reminder => ({
  appointment_id,
  patient_id: 30 + appointment_id,
  patient_name: 'Ayesha Khan',
  mrn: 'AH-000031',
  channel: 'sms',
  contact: '0300-1234567',
  language: 'en',
  message: 'Dear Ayesha Khan, your appointment at Al-Hayat is on Wed 16 Jan at 10:00.',
  starts_at: '2030-01-16T05:00:00Z',
  practitioner_name: 'Dr Bilal Ahmed',
  sent_at: null,
  sent_by_name: null,
  ...extra,
});

describe('reminders', () => {
  it('lists the queue, marks a line sent and exports the CSV', async () => {
    const user = userEvent.setup();
    const queue = [
      reminder(1),
      reminder(2, {
        patient_name: 'Zara Ali',
        channel: 'whatsapp',
        language: 'ur',
        message: 'محترمہ زارا علی، آپ کی اپائنٹمنٹ بدھ 16 جنوری کو 10:00 بجے ہے۔',
      }),
    ];
    mockCommands({
      reminder_queue: () => queue,
      mark_reminder_sent: (a) =>
        queue.map((r) =>
          r.appointment_id === a.appointmentId && r.channel === a.channel
            ? { ...r, sent_at: '2030-01-15T04:30:00Z', sent_by_name: 'Sana Reception' }
            : r,
        ),
      export_reminders_csv: () => '/home/desk/Downloads/reminders-2030-01-15.csv',
    });
    renderUi(
      <SessionContext.Provider value={receptionSession}>
        <RemindersScreen />
      </SessionContext.Provider>,
    );
    const rows = await screen.findAllByTestId('reminder-row');
    expect(rows.map((r) => [r.dataset.appointment, r.dataset.channel])).toEqual([
      ['1', 'sms'],
      ['2', 'whatsapp'],
    ]);
    // Karachi time, and Urdu messages right to left.
    expect(within(rows[0]!).getByText('Wed 16 Jan, 10:00')).toBeInTheDocument();
    const urdu = within(rows[1]!).getByTestId('reminder-message');
    expect(urdu).toHaveAttribute('dir', 'rtl');
    expect(urdu).toHaveAttribute('lang', 'ur');
    expect(within(rows[0]!).getByTestId('reminder-message')).toHaveAttribute('dir', 'ltr');
    expect(within(rows[1]!).getByText('WhatsApp')).toBeInTheDocument();

    await user.click(screen.getByTestId('reminder-sent-2-whatsapp'));
    expect(await screen.findByTestId('reminders-notice')).toHaveTextContent('The WhatsApp reminder to Zara Ali is marked sent.');
    expect(calls('mark_reminder_sent')).toEqual([{ token: 'tok-1', appointmentId: 2, channel: 'whatsapp' }]);
    expect(screen.queryByTestId('reminder-sent-2-whatsapp')).not.toBeInTheDocument();
    // 04:30 UTC is 09:30 in Karachi.
    expect(screen.getByTestId('reminder-sent-by-2-whatsapp')).toHaveTextContent(/Sent by Sana Reception, .*09:30/);
    expect(screen.getByTestId('reminders-count')).toHaveTextContent('2 reminders · 1 still to send');

    await user.click(screen.getByTestId('reminders-export'));
    await waitFor(() => expect(screen.getByTestId('reminders-notice')).toHaveTextContent('/home/desk/Downloads/reminders-2030-01-15.csv'));
  });

  it('shows a refusal as the back end words it', async () => {
    const user = userEvent.setup();
    mockCommands({
      reminder_queue: () => [reminder(1)],
      mark_reminder_sent: () => {
        throw { kind: 'conflict', message: 'This reminder has already been marked as sent.' };
      },
    });
    renderUi(
      <SessionContext.Provider value={receptionSession}>
        <RemindersScreen />
      </SessionContext.Provider>,
    );
    await user.click(await screen.findByTestId('reminder-sent-1-sms'));
    expect(await screen.findByTestId('reminders-error')).toHaveTextContent('This reminder has already been marked as sent.');
  });
});

describe('reminder templates', () => {
  const adminSession = {
    token: 'tok-1',
    me: admin,
    can: (p: string) => p === 'edit_reminder_templates',
  } as unknown as Session;

  it('inserts a placeholder at the cursor, saves, and shows an unknown placeholder next to the field', async () => {
    const user = userEvent.setup();
    let saves = 0;
    mockCommands({
      reminder_templates: () => [
        { language: 'en', body: 'Dear {name}, see you on {date}.' },
        { language: 'ur', body: 'محترم {name}' },
      ],
      set_reminder_template: (a) => {
        if (saves++ === 1) throw { kind: 'validation', message: 'The message uses {nmae} which the app does not know.', field: 'body' };
        return [a.req, { language: 'ur', body: 'محترم {name}' }];
      },
    });
    renderUi(
      <SessionContext.Provider value={adminSession}>
        <ReminderTemplatesPanel />
      </SessionContext.Provider>,
    );
    const en = await screen.findByTestId('template-en');
    expect(en).toHaveValue('Dear {name}, see you on {date}.');
    expect(screen.getByTestId('template-ur')).toHaveAttribute('dir', 'rtl');
    await user.click(en);
    await user.keyboard('{End}');
    await user.click(screen.getByTestId('template-insert-en-time'));
    expect(en).toHaveValue('Dear {name}, see you on {date}.{time}');
    await user.click(screen.getByTestId('template-save-en'));
    expect(await screen.findByTestId('template-notice')).toHaveTextContent('The English message was saved.');
    expect(calls('set_reminder_template')[0]).toEqual({ token: 'tok-1', req: { language: 'en', body: 'Dear {name}, see you on {date}.{time}' } });

    await user.type(en, ' {{nmae}');
    await user.click(screen.getByTestId('template-save-en'));
    expect(await screen.findByTestId('template-en-error')).toHaveTextContent('The message uses {nmae} which the app does not know.');
  });
});
