import type { SessionPackage } from '../../../bindings/SessionPackage';
import { Button } from '../../../components/Button';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import { formatDay } from '../../../time';
import { Money } from '../Money';

type Props = {
  packages: SessionPackage[];
  /** Given to the administrator: close an open package and credit its unused sessions. */
  onRefund: ((k: SessionPackage) => void) | null;
};

/** The patient's session packages with what is left of each. */
export function PackageTable({ packages, onRefund }: Props) {
  const { t, lang } = useI18n();
  return (
    <Table
      caption={t('bill.packages')}
      testId="bill-packages"
      head={[t('bill.col.service'), t('bill.col.sessions'), t('bill.col.used'), t('bill.col.left'), t('bill.col.expires'), t('bill.total'), t('bill.col.status'), t('bill.col.actions')]}
    >
      {packages.map((k) => (
        <tr key={k.id} data-testid="bill-package-row" data-id={k.id} data-remaining={k.remaining}>
          <td>{k.service_name}</td>
          <td className="num">{k.sessions}</td>
          <td className="num">{k.used}</td>
          <td className="num" data-testid={`bill-package-left-${k.id}`}>
            {k.remaining}
          </td>
          <td className="nowrap">{formatDay(k.expires_on, lang)}</td>
          <td className="num">
            <Money paisa={k.price_paisa} />
          </td>
          <td>
            {k.closed_at ? t('bill.packageClosed') : k.expired ? t('bill.packageExpired') : t('bill.packageOpen')}
            {k.close_reason ? <span className="muted"> ({k.close_reason})</span> : null}
          </td>
          <td className="row-actions">
            {onRefund && k.closed_at === null && k.remaining > 0 ? (
              <Button variant="danger" testId={`bill-package-refund-${k.id}`} onClick={() => onRefund(k)}>
                {t('refund.packageButton')}
              </Button>
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}
