import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { api, toAppError, type AppError } from '../../api';
import type { Language } from '../../bindings/Language';
import type { Me } from '../../bindings/Me';
import type { Permission } from '../../bindings/Permission';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import type { Role } from '../../bindings/Role';
import type { SignedIn } from '../../bindings/SignedIn';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { SessionLock } from '../../components/SessionLock';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/translate';
import { SessionContext, type Session } from '../../session';
import { AuditScreen } from '../audit/AuditScreen';
import { BackupsScreen } from '../backups/BackupsScreen';
import { LazyChartScreen } from '../chart/LazyChartScreen';
import { isClinician } from '../chart/clinician';
import { OpenChartContext } from '../chart/openChart';
import { CatalogueScreen } from '../catalogue/CatalogueScreen';
import { CloseDayScreen } from '../takings/CloseDayScreen';
import { HomeScreen } from '../home/HomeScreen';
import { PatientsScreen } from '../patients/PatientsScreen';
import { RemindersScreen } from '../reminders/RemindersScreen';
import { RetentionReview } from '../retention/RetentionReview';
import { RetentionRules } from '../retention/RetentionRules';
import { BulkExport } from '../rights/BulkExport';
import { DisclosuresScreen } from '../rights/DisclosuresScreen';
import { RightsScreen } from '../rights/RightsScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { RoleGrantsPanel } from '../staff/RoleGrantsPanel';
import { StaffScreen } from '../staff/StaffScreen';
import { TodayScreen } from '../today/TodayScreen';
import { useRetentionDueCount } from './useRetentionDueCount';
import logoUrl from '../../../../assets/logo.svg';

// The calendar brings a large library; it is loaded the first time it is opened.
const CalendarScreen = lazy(() => import('../calendar/CalendarScreen').then((m) => ({ default: m.CalendarScreen })));
// The money reports bring Chart.js; they too are loaded when first opened.
const ReportsScreen = lazy(() => import('../takings/reports/ReportsScreen'));
const PharmacyScreen = lazy(() => import('../pharmacy/PharmacyScreen').then((m) => ({ default: m.PharmacyScreen })));

type View =
  | 'home'
  | 'today'
  | 'calendar'
  | 'patients'
  | 'pharmacy'
  | 'close-day'
  | 'takings'
  | 'reminders'
  | 'rights'
  | 'disclosures'
  | 'retention'
  | 'retention-rules'
  | 'bulk-export'
  | 'staff'
  | 'role-grants'
  | 'catalogue'
  | 'audit'
  | 'backups'
  | 'settings';

/** `role`: shown to that role only (the pharmacy has no permission of its own; the back end checks the role). */
const NAV: { view: View; label: MessageKey; needs: Permission | null; role?: Role }[] = [
  { view: 'home', label: 'nav.home', needs: null },
  { view: 'today', label: 'nav.today', needs: 'view_schedule' },
  { view: 'calendar', label: 'nav.calendar', needs: 'view_schedule' },
  { view: 'patients', label: 'nav.patients', needs: 'view_patients' },
  { view: 'pharmacy', label: 'nav.pharmacy', needs: null, role: 'pharmacist' },
  { view: 'close-day', label: 'nav.closeDay', needs: 'take_payments' },
  { view: 'reminders', label: 'nav.reminders', needs: 'send_reminders' },
  { view: 'rights', label: 'nav.rights', needs: 'manage_rights_requests' },
  { view: 'disclosures', label: 'nav.disclosures', needs: 'record_disclosures' },
  { view: 'retention', label: 'nav.retention', needs: 'erase_records' },
  { view: 'retention-rules', label: 'nav.retentionRules', needs: 'edit_retention_rules' },
  { view: 'bulk-export', label: 'nav.bulkExport', needs: 'export_patient_data' },
  { view: 'staff', label: 'nav.staff', needs: 'manage_staff' },
  { view: 'role-grants', label: 'nav.roleGrants', needs: 'confirm_role_grants' },
  { view: 'catalogue', label: 'nav.catalogue', needs: 'manage_catalogue' },
  { view: 'takings', label: 'nav.takings', needs: 'view_takings' },
  { view: 'audit', label: 'nav.audit', needs: 'view_audit_trail' },
  { view: 'backups', label: 'nav.backups', needs: 'manage_backups' },
  { view: 'settings', label: 'nav.settings', needs: 'edit_clinic_settings' },
];

type Props = {
  signedIn: SignedIn;
  clinicName: string;
  onClinicName: (name: string) => void;
  onSignedIn: (s: SignedIn) => void;
  /** `e` says why when the session ended on its own; null when the person signed out. */
  onSignedOut: (e: AppError | null) => void;
  /** A backup was restored: every session has ended, and the outcome is shown before signing in. */
  onRestored: (o: RestoreOutcome) => void;
};

export function Shell({ signedIn, clinicName, onClinicName, onSignedIn, onSignedOut, onRestored }: Props) {
  const { t, lang, setLang } = useI18n();
  // Reception (and practitioners) start at the day's appointments; everyone else at home.
  // The privacy officer starts at the requests register.
  const [view, setView] = useState<View>(() =>
    signedIn.me.permissions.includes('view_schedule')
      ? 'today'
      : signedIn.me.permissions.includes('manage_rights_requests')
        ? 'rights'
        : 'home',
  );
  const [langError, setLangError] = useState<string | null>(null);
  const [langBusy, setLangBusy] = useState(false);
  const { token, me, idle_lock_seconds: idleLockSeconds } = signedIn;
  // A chart opened from Today is drawn in place of the screen; "back" returns to it.
  const [chartOf, setChartOf] = useState<number | null>(null);
  const clinician = isClinician(me);
  const openChart = useMemo(() => (clinician ? (id: number) => setChartOf(id) : null), [clinician]);

  const can = useCallback((p: Permission) => me.permissions.includes(p), [me.permissions]);
  // Patients with records due to go: asked at sign-in, hourly, when the window shows again, and told by the review.
  const [dueCount, setDueCount] = useRetentionDueCount(token, me.permissions.includes('erase_records'));
  const allowed = NAV.filter((n) => (n.needs === null || can(n.needs)) && (!n.role || me.roles.includes(n.role)));
  const current: View = allowed.some((n) => n.view === view) ? view : 'home';

  const signOut = useCallback(() => {
    api.signOut(token).catch(() => {});
    onSignedOut(null);
  }, [onSignedOut, token]);

  const setMe = useCallback((m: Me) => onSignedIn({ ...signedIn, me: m }), [onSignedIn, signedIn]);

  const chooseLanguage = async (l: Language) => {
    setLangError(null);
    setLangBusy(true);
    const before = lang;
    setLang(l);
    try {
      const m = await api.setMyLanguage(token, l);
      setMe(m);
      setLang(m.language);
    } catch (e) {
      setLang(before);
      const ae = toAppError(e);
      if (ae.kind !== 'locked') setLangError(ae.message || t('common.errorUnknown'));
    } finally {
      setLangBusy(false);
    }
  };

  const session = useMemo<Omit<Session, 'lockNow'>>(
    () => ({
      token,
      me,
      idleLockSeconds,
      clinicName,
      can,
      signOut,
      setMe,
      setIdleLockSeconds: (s) => onSignedIn({ ...signedIn, idle_lock_seconds: s }),
      setClinicName: onClinicName,
    }),
    [token, me, idleLockSeconds, clinicName, can, signOut, setMe, onSignedIn, signedIn, onClinicName],
  );

  return (
    <SessionLock
      token={token}
      fullName={me.full_name}
      idleLockSeconds={idleLockSeconds}
      onUnlocked={(s) => {
        onSignedIn(s);
        setLang(s.me.language);
      }}
      onSessionEnded={(e) => onSignedOut(e)}
      onSignOut={signOut}
    >
      {(lockNow) => (
        <SessionContext.Provider value={{ ...session, lockNow }}>
          <div className="shell">
            <header className="shell-header">
              <div className="brand">
                <img src={logoUrl} alt="" width={40} height={40} />
                <span className="clinic-name" data-testid="clinic-name-header">
                  {clinicName}
                </span>
              </div>
              <div className="header-tools">
                <span className="me">
                  <span className="visually-hidden">{t('shell.signedInAs')} </span>
                  <span data-testid="me-name">{me.full_name}</span>
                </span>
                <LanguageSwitch onChoose={(l) => void chooseLanguage(l)} disabled={langBusy} />
                <Button onClick={lockNow} testId="lock-now">
                  {t('shell.lock')}
                </Button>
                <Button variant="quiet" onClick={signOut} testId="sign-out">
                  {t('shell.signOut')}
                </Button>
              </div>
            </header>
            <nav className="shell-nav" aria-label={t('shell.nav')}>
              <ul>
                {allowed.map((n) => (
                  <li key={n.view}>
                    <button
                      type="button"
                      className="nav-btn"
                      data-testid={`nav-${n.view}`}
                      aria-current={current === n.view ? 'page' : undefined}
                      onClick={() => {
                        setChartOf(null);
                        setView(n.view);
                      }}
                    >
                      {t(n.label)}
                      {n.view === 'retention' && dueCount !== null && dueCount > 0 ? (
                        <span className="nav-badge" data-testid="nav-retention-count" aria-label={t('retention.badge', { count: dueCount })}>
                          {dueCount}
                        </span>
                      ) : null}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
            <main className="shell-main" id="main">
              {langError ? <Banner tone="error">{langError}</Banner> : null}
              {chartOf !== null && clinician ? (
                <LazyChartScreen key={chartOf} patientId={chartOf} onBack={() => setChartOf(null)} />
              ) : (
                <OpenChartContext.Provider value={openChart}>
                  {current === 'home' ? <HomeScreen onOpenBackups={() => setView('backups')} /> : null}
                  {current === 'today' ? <TodayScreen /> : null}
                  {current === 'calendar' ? (
                    <Suspense fallback={<p>{t('common.loading')}</p>}>
                      <CalendarScreen />
                    </Suspense>
                  ) : null}
                  {current === 'patients' ? <PatientsScreen /> : null}
                  {current === 'pharmacy' ? (
                    <Suspense fallback={<p>{t('common.loading')}</p>}>
                      <PharmacyScreen />
                    </Suspense>
                  ) : null}
                  {current === 'close-day' ? <CloseDayScreen /> : null}
                  {current === 'reminders' ? <RemindersScreen /> : null}
                  {current === 'rights' ? <RightsScreen /> : null}
                  {current === 'disclosures' ? <DisclosuresScreen /> : null}
                  {current === 'retention' ? <RetentionReview onDueCount={setDueCount} /> : null}
                  {current === 'retention-rules' ? <RetentionRules /> : null}
                  {current === 'bulk-export' ? <BulkExport /> : null}
                  {current === 'staff' ? <StaffScreen /> : null}
                  {current === 'role-grants' ? <RoleGrantsPanel standalone /> : null}
                  {current === 'catalogue' ? <CatalogueScreen /> : null}
                  {current === 'takings' ? (
                    <Suspense fallback={<p>{t('common.loading')}</p>}>
                      <ReportsScreen />
                    </Suspense>
                  ) : null}
                  {current === 'audit' ? <AuditScreen /> : null}
                  {current === 'backups' ? <BackupsScreen onRestored={onRestored} /> : null}
                  {current === 'settings' ? <SettingsScreen /> : null}
                </OpenChartContext.Provider>
              )}
            </main>
          </div>
        </SessionContext.Provider>
      )}
    </SessionLock>
  );
}
