import { NOT_RATED_CHIP, type FilterGroup, type FilterState } from '../utils/page-model/filters';
import { t, type MessageKey } from '../utils/extension/i18n';

const GROUPS: { group: FilterGroup; title: MessageKey }[] = [
  { group: 'satisfaction', title: 'groupSatisfaction' },
  { group: 'hangup', title: 'groupHangup' },
  { group: 'direction', title: 'groupDirection' },
  { group: 'connected', title: 'groupConnected' },
  { group: 'recording', title: 'groupRecording' },
];

const VALUE_LABELS: Partial<Record<FilterGroup, Record<string, MessageKey>>> = {
  satisfaction: { [NOT_RATED_CHIP]: 'valueNotRated' },
  hangup: { seat: 'valueSeat', user: 'valueUser', system: 'valueSystem', unknown: 'valueUnknown' },
  direction: { in: 'valueIn', out: 'valueOut', unknown: 'valueUnknown' },
  connected: { yes: 'valueConnected', no: 'valueNotConnected' },
  recording: { yes: 'valueHasRecording', no: 'valueNoRecording' },
};

function valueLabel(group: FilterGroup, value: string): string {
  const key = VALUE_LABELS[group]?.[value];
  return key ? t(key) : value;
}

export interface FilterChipsProps {
  filter: FilterState;
  counts: Record<FilterGroup, Record<string, number>>;
  /** Each group's values in display order (satisfaction labels as the data has them). */
  values: Record<FilterGroup, string[]>;
  onToggle: (group: FilterGroup, value: string) => void;
}

/** One row of toggle chips per group; each chip shows how many records it would match. */
export function FilterChips({ filter, counts, values, onToggle }: FilterChipsProps) {
  return (
    <div class="chips">
      {GROUPS.map(({ group, title }) => {
        const selected = filter.chips[group] ?? [];
        return (
          // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring its own box and legend rules into the page's bar.
          <div class="chip-group" role="group" aria-label={t(title)} key={group}>
            <span class="chip-group-title">{t(title)}</span>
            {values[group].map((value) => {
              const pressed = selected.includes(value);
              const count = counts[group]?.[value] ?? 0;
              // 'unknown' only matters when some record has it.
              if (value === 'unknown' && count === 0 && !pressed) return null;
              return (
                <button
                  type="button"
                  key={value}
                  class={pressed ? 'chip pressed' : 'chip'}
                  data-testid="filter-chip"
                  data-group={group}
                  data-value={value}
                  aria-pressed={pressed ? 'true' : 'false'}
                  onClick={() => onToggle(group, value)}
                >
                  {valueLabel(group, value)}
                  <span class="chip-count" data-testid="chip-count">
                    {count}
                  </span>
                </button>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
