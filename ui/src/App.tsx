import { useCallback, useEffect, useState } from 'react';
import { api, errorField, toAppError, type AppError } from './api';
import type { AccountChange } from './bindings/AccountChange';
import type { AppStatus } from './bindings/AppStatus';
import type { RestoreOutcome } from './bindings/RestoreOutcome';
import type { SignedIn } from './bindings/SignedIn';
import { Banner } from './components/Banner';
import { useI18n } from './i18n/context';
import { RestoredScreen } from './screens/backups/RestoredScreen';
import { DamagedScreen } from './screens/unlock/DamagedScreen';
import { RecoveryScreen } from './screens/unlock/RecoveryScreen';
import { UnavailableScreen } from './screens/unlock/UnavailableScreen';
import { SetupWizard } from './screens/setup/SetupWizard';
import { AccountChangesNotice } from './screens/signin/AccountChangesNotice';
import { SignInScreen } from './screens/signin/SignInScreen';
import { Shell } from './screens/shell/Shell';

type Loaded = { kind: 'loading' } | { kind: 'status'; status: AppStatus } | { kind: 'failed'; error: AppError };

/** Chooses the screen from the app's status, and holds the session once someone signs in. */
export function App() {
  const { t, setLang } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [session, setSession] = useState<SignedIn | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // What changed on the account since the last sign-in: shown once, over the shell.
  const [changes, setChanges] = useState<AccountChange[]>([]);
  // A restore ends every session: its outcome is shown before anyone signs in again.
  const [restored, setRestored] = useState<RestoreOutcome | null>(null);

  const refresh = useCallback(async () => {
    setLoaded({ kind: 'loading' });
    try {
      setLoaded({ kind: 'status', status: await api.appStatus() });
    } catch (e) {
      setLoaded({ kind: 'failed', error: toAppError(e) });
    }
  }, []);

  useEffect(() => {
    // Runs once at start: the first status decides the first screen.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the status is the effect
    void refresh();
  }, [refresh]);

  const showStatus = useCallback((status: AppStatus) => setLoaded({ kind: 'status', status }), []);

  const signedIn = useCallback(
    (s: SignedIn) => {
      setNotice(null);
      setLang(s.me.language);
      setChanges(s.changes ?? []);
      setSession(s);
    },
    [setLang],
  );

  const signedOut = useCallback((message: string | null) => {
    setSession(null);
    setNotice(message);
  }, []);

  const showRestored = useCallback((o: RestoreOutcome) => {
    setSession(null);
    setChanges([]);
    setNotice(null);
    setRestored(o);
  }, []);

  if (restored) {
    return (
      <RestoredScreen
        outcome={restored}
        onContinue={() => {
          setRestored(null);
          void refresh();
        }}
      />
    );
  }
  if (loaded.kind === 'loading') {
    return (
      <main className="center-page" aria-busy="true">
        <p>{t('common.loading')}</p>
      </main>
    );
  }
  if (loaded.kind === 'failed') {
    return <UnavailableScreen message={loaded.error.message || t('common.errorUnknown')} onRetry={refresh} />;
  }

  const status = loaded.status;
  if (session && status.state === 'ready') {
    return (
      <>
        <div inert={changes.length > 0}>
          <Shell
            signedIn={session}
            clinicName={status.clinic_name}
            onClinicName={(name) => showStatus({ state: 'ready', clinic_name: name })}
            onSignedIn={setSession}
            onRestored={showRestored}
            onSignedOut={(e) => {
              setChanges([]);
              signedOut(e ? (errorField(e) === 'session' || !e.message ? t('signin.sessionEnded') : e.message) : null);
            }}
          />
        </div>
        {changes.length > 0 ? <AccountChangesNotice changes={changes} onClose={() => setChanges([])} /> : null}
      </>
    );
  }

  switch (status.state) {
    case 'first_run':
    case 'clinic_setup_needed':
      return <SetupWizard status={status} onStatus={showStatus} onRestored={showRestored} />;
    case 'recovery_needed':
      return <RecoveryScreen reason={status.reason} backups={status.backups} onStatus={showStatus} onRestored={showRestored} />;
    case 'damaged':
      return <DamagedScreen backups={status.backups} onRestored={showRestored} />;
    case 'unavailable':
      return <UnavailableScreen message={status.message} onRetry={refresh} />;
    case 'ready':
      return (
        <SignInScreen clinicName={status.clinic_name} onSignedIn={signedIn}>
          {notice ? <Banner tone="info">{notice}</Banner> : null}
        </SignInScreen>
      );
  }
}
