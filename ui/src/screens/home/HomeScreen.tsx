import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { HomeBackupCard } from '../backups/HomeBackupCard';

/** `onOpenBackups`: the backups card (for those who manage backups) links to the Backups screen. */
export function HomeScreen({ onOpenBackups }: { onOpenBackups: () => void }) {
  const { t } = useI18n();
  const { me, idleLockSeconds, can } = useSession();
  return (
    <>
      <section className="card" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.welcome', { name: me.full_name })}</h1>
        <h2>{t('home.roles')}</h2>
        {me.roles.length === 0 ? (
          <p>{t('home.noRoles')}</p>
        ) : (
          <ul className="role-list" data-testid="my-roles">
            {me.roles.map((r) => (
              <li key={r} data-role={r}>
                {t(`role.${r}`)}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">{t('home.lockNote', { minutes: Math.max(1, Math.round(idleLockSeconds / 60)) })}</p>
      </section>
      {can('manage_backups') ? <HomeBackupCard onOpen={onOpenBackups} /> : null}
    </>
  );
}
