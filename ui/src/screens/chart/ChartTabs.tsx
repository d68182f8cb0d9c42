import { useRef, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/translate';

export type ChartTab = 'timeline' | 'notes' | 'history' | 'measures' | 'documents' | 'dispensing';

type Props = {
  tabs: readonly ChartTab[];
  current: ChartTab;
  onChoose: (tab: ChartTab) => void;
};

export const tabPanelId = 'chart-panel';

/** The chart's tabs: Tab reaches the current one, the arrows (and Home/End) move between them. */
export function ChartTabs({ tabs, current, onChoose }: Props) {
  const { t, lang } = useI18n();
  const buttons = useRef<Partial<Record<ChartTab, HTMLButtonElement | null>>>({});

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.indexOf(current);
    const forward = lang === 'ur' ? 'ArrowLeft' : 'ArrowRight';
    const back = lang === 'ur' ? 'ArrowRight' : 'ArrowLeft';
    let next: number | null = null;
    if (e.key === forward) next = (at + 1) % tabs.length;
    else if (e.key === back) next = (at - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    const tab = next === null ? undefined : tabs[next];
    if (!tab) return;
    e.preventDefault();
    onChoose(tab);
    buttons.current[tab]?.focus();
  };

  return (
    <div className="chart-tabs" role="tablist" aria-label={t('chart.tabs')} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab}
          ref={(el) => {
            buttons.current[tab] = el;
          }}
          type="button"
          role="tab"
          id={`chart-tab-${tab}`}
          data-testid={`chart-tab-${tab}`}
          aria-selected={tab === current}
          aria-controls={tabPanelId}
          tabIndex={tab === current ? 0 : -1}
          className="chart-tab"
          onClick={() => onChoose(tab)}
        >
          {t(`chart.tab.${tab}` as MessageKey)}
        </button>
      ))}
    </div>
  );
}
