import './rights.css';
import { useState } from 'react';
import { LettersScreen } from './LettersScreen';
import { NewRequestForm } from './NewRequestForm';
import { RequestDetail } from './RequestDetail';
import { RightsDashboard } from './RightsDashboard';

type Page = { at: 'dashboard' } | { at: 'new' } | { at: 'detail'; id: number } | { at: 'letters' };

/** The privacy officer's register of requests: the dashboard, a new request, one request, the letters and settings. */
export function RightsScreen() {
  const [page, setPage] = useState<Page>({ at: 'dashboard' });
  if (page.at === 'new') {
    return <NewRequestForm onDone={(r) => setPage({ at: 'detail', id: r.id })} onCancel={() => setPage({ at: 'dashboard' })} />;
  }
  if (page.at === 'detail') {
    return <RequestDetail key={page.id} id={page.id} onBack={() => setPage({ at: 'dashboard' })} />;
  }
  if (page.at === 'letters') {
    return <LettersScreen onBack={() => setPage({ at: 'dashboard' })} />;
  }
  return (
    <RightsDashboard
      onNew={() => setPage({ at: 'new' })}
      onOpen={(id) => setPage({ at: 'detail', id })}
      onLetters={() => setPage({ at: 'letters' })}
    />
  );
}
