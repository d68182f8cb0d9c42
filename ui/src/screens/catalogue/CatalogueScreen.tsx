import './catalogue.css';
import { useI18n } from '../../i18n/context';
import { HoursPanel } from './HoursPanel';
import { RoomsPanel } from './RoomsPanel';
import { ServicesPanel } from './ServicesPanel';

/** Services offered, treatment rooms, and practitioners' working hours and time off. */
export function CatalogueScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="catalogue-title" className="stack">
      <h1 id="catalogue-title">{t('catalogue.title')}</h1>
      <ServicesPanel />
      <RoomsPanel />
      <HoursPanel />
    </section>
  );
}
