import { useCallback, useState } from 'react';
import { api } from '../../../api';
import type { Patient } from '../../../bindings/Patient';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDateTime } from '../../../time';
import { DispenseForm } from '../../pharmacy/DispenseForm';
import { itemName } from '../../pharmacy/stock';
import { useChart } from '../ChartContext';
import { PartView } from '../PartView';
import { usePart } from '../usePart';

/** The pharmacist's part of the chart: what this patient was given, and dispensing to them. */
export function DispensingTab({ patient, highlight }: { patient: Patient | null; highlight?: number | undefined }) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const { patientId, openings } = useChart();
  const [changes, setChanges] = useState(0);
  const loadGiven = useCallback(
    () => api.listDispensings(token, patientId),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, patientId, openings, changes],
  );
  const given = usePart(loadGiven);
  const loadStock = useCallback(
    () => api.listStock(token, null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, changes],
  );
  const stock = usePart(loadStock);
  return (
    <div className="stack" data-testid="dispensing">
      {patient ? (
        <PartView part={stock.part} onRetry={stock.reload}>
          {(list) => (
            <DispenseForm
              stock={list.filter((s) => s.item.active)}
              patient={{ id: patient.id, name: patient.full_name, mrn: patient.mrn }}
              onDispensed={() => setChanges((n) => n + 1)}
            />
          )}
        </PartView>
      ) : null}
      <PartView part={given.part} onRetry={given.reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted" data-testid="dispensings-empty">
              {t('dispense.none')}
            </p>
          ) : (
            <Table
              caption={t('chart.tab.dispensing')}
              testId="dispensing-table"
              head={[t('dispense.when'), t('dispense.item'), t('dispense.quantity'), t('dispense.instructions'), t('dispense.by')]}
            >
              {list.map((d) => (
                <tr key={d.id} data-testid="dispensing-row" data-id={d.id} data-override={d.allergy_override !== null} className={d.id === highlight ? 'active' : undefined}>
                  <td className="nowrap">{formatDateTime(d.dispensed_at, lang)}</td>
                  <td>
                    {itemName({ name: d.item_name, strength: d.strength, form: d.form })}
                    <br />
                    <span className="muted" dir="ltr">
                      {d.batch_no} · {d.expires_on}
                    </span>
                  </td>
                  <td className="num">{d.quantity}</td>
                  <td>
                    {d.instructions}
                    {d.allergy_override ? (
                      <p className="override-note" data-testid="dispensing-override">
                        <span className="tag tag-warn">{t('dispense.overridden')}</span> {d.allergy_override}
                      </p>
                    ) : null}
                  </td>
                  <td>{d.dispensed_by_name}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </PartView>
    </div>
  );
}
