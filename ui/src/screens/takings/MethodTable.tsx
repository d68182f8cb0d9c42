import type { MethodTakings } from '../../bindings/MethodTakings';
import { Table } from '../../components/Table';
import { useI18n } from '../../i18n/context';
import { isMessageKey } from '../../i18n/translate';
import { Money } from '../billing/Money';

/** What a day comes to per method: payments and refunds, counted and summed. */
export function MethodTable({ methods, testId }: { methods: MethodTakings[]; testId: string }) {
  const { t } = useI18n();
  return (
    <Table
      caption={t('takings.byMethod')}
      testId={testId}
      head={[t('bill.method'), t('takings.payments'), t('takings.paid'), t('takings.refunds'), t('takings.refunded'), t('takings.net')]}
    >
      {methods.map((m) => {
        const key = `bill.method.${m.method}`;
        return (
          <tr key={m.method} data-testid={`${testId}-row`} data-method={m.method}>
            <th scope="row">{isMessageKey(key) ? t(key) : m.method}</th>
            <td className="num">{m.payments}</td>
            <td className="num">
              <Money paisa={m.paid_paisa} />
            </td>
            <td className="num">{m.refunds}</td>
            <td className="num">
              <Money paisa={m.refunded_paisa} />
            </td>
            <td className="num">
              <Money paisa={m.paid_paisa - m.refunded_paisa} testId={`${testId}-net-${m.method}`} />
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
