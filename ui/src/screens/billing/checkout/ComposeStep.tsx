import type { FormEvent } from 'react';
import type { Appointment } from '../../../bindings/Appointment';
import type { PriceEntry } from '../../../bindings/PriceEntry';
import type { SessionPackage } from '../../../bindings/SessionPackage';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import type { CommandError } from '../../../components/useCommandError';
import { useI18n } from '../../../i18n/context';
import { Money } from '../Money';
import { DiscountFields } from './DiscountFields';
import { newDiscount, newLine, type DiscountDraft, type LineDraft } from './draft';
import { LineFields } from './LineFields';

export type Composed = { lines: LineDraft[]; discount: DiscountDraft | null };

type Props = {
  appointment: Appointment;
  prices: PriceEntry[];
  limitPercent: number | null;
  /** Packages of the appointment's service with sessions left. */
  packages: SessionPackage[];
  value: Composed;
  onChange: (c: Composed) => void;
  err: CommandError;
  busy: boolean;
  onSubmit: (e: FormEvent) => void;
  onUsePackage: (k: SessionPackage) => void;
  /** True while a package session is being taken. */
  usingPackage: boolean;
};

/** The check-out before the invoice is made: the appointment's line, extra lines, discounts. */
export function ComposeStep({ appointment, prices, limitPercent, packages, value, onChange, err, busy, onSubmit, onUsePackage, usingPackage }: Props) {
  const { t } = useI18n();
  const { lines, discount } = value;
  const servicePrice = prices.find((p) => p.thing === 'service' && p.id === appointment.service_id)?.price_paisa ?? null;
  const setLine = (i: number, l: LineDraft) => onChange({ ...value, lines: lines.map((m, j) => (j === i ? l : m)) });
  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="checkout-compose">
      {err.banner ? (
        <Banner tone="error" testId="checkout-error">
          {err.banner}
        </Banner>
      ) : null}
      {err.fieldError('appointment_id') ? (
        <Banner tone="error" testId="checkout-appointment-error">
          {err.fieldError('appointment_id')}
        </Banner>
      ) : null}
      <section aria-labelledby="checkout-from-title">
        <h3 id="checkout-from-title">{t('bill.fromAppointment')}</h3>
        <p data-testid="checkout-service">
          {appointment.service_name}
          {servicePrice !== null ? (
            <>
              {' — '}
              <Money paisa={servicePrice} />
            </>
          ) : null}
        </p>
        {packages.map((k) => (
          <Button
            key={k.id}
            testId={`checkout-use-package-${k.id}`}
            busy={usingPackage}
            onClick={() => onUsePackage(k)}
          >
            {t('bill.usePackage', { left: k.remaining })}
          </Button>
        ))}
      </section>
      <section aria-labelledby="checkout-lines-title" className="stack">
        <h3 id="checkout-lines-title">{t('bill.extraLines')}</h3>
        {lines.map((l, i) => (
          <LineFields
            key={i}
            index={i}
            line={l}
            prices={prices}
            onChange={(m) => setLine(i, m)}
            onRemove={() => onChange({ ...value, lines: lines.filter((_, j) => j !== i) })}
            fieldError={err.fieldError}
          />
        ))}
        {err.fieldError('lines') ? (
          <p className="field-error" role="alert" data-testid="lines-error">
            {err.fieldError('lines')}
          </p>
        ) : null}
        <div className="actions">
          <Button testId="checkout-add-line" onClick={() => onChange({ ...value, lines: [...lines, newLine()] })}>
            {t('bill.addLine')}
          </Button>
          {discount ? null : (
            <Button testId="checkout-add-discount" onClick={() => onChange({ ...value, discount: newDiscount() })}>
              {t('bill.invoiceDiscount')}
            </Button>
          )}
        </div>
      </section>
      {discount ? (
        <DiscountFields
          field="discount"
          id="invoice-discount"
          legend={t('bill.invoiceDiscount')}
          value={discount}
          onChange={(d) => onChange({ ...value, discount: d })}
          onRemove={() => onChange({ ...value, discount: null })}
          fieldError={err.fieldError}
        />
      ) : null}
      {(discount || lines.some((l) => l.discount)) && limitPercent !== null ? (
        <p className="muted" data-testid="discount-limit">
          {t('bill.discountLimit', { limit: limitPercent })}
        </p>
      ) : null}
      {/* A refusal of a line's discount above the limit names "discount": shown here when no invoice discount is open. */}
      {!discount && err.fieldError('discount') ? (
        <p className="field-error" role="alert" data-testid="invoice-discount-error">
          {err.fieldError('discount')}
        </p>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="checkout-make">
          {t('bill.makeDraft')}
        </Button>
      </div>
    </form>
  );
}
