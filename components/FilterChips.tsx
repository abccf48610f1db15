import type { FilterGroup, FilterState } from '../utils/filters';
import { t, type MessageKey } from '../utils/i18n';

const GROUPS: { group: FilterGroup; title: MessageKey; fixed?: string[] }[] = [
  { group: 'satisfaction', title: 'groupSatisfaction' },
  { group: 'hangup', title: 'groupHangup', fixed: ['seat', 'user', 'system'] },
  { group: 'direction', title: 'groupDirection', fixed: ['in', 'out'] },
  { group: 'connected', title: 'groupConnected', fixed: ['yes', 'no'] },
  { group: 'recording', title: 'groupRecording', fixed: ['yes', 'no'] },
];

const VALUE_LABELS: Partial<Record<FilterGroup, Record<string, MessageKey>>> = {
  satisfaction: { none: 'valueNotRated' },
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
  onToggle: (group: FilterGroup, value: string) => void;
}

/** One row of toggle chips per group; each chip shows how many records it would match. */
export function FilterChips({ filter, counts, onToggle }: FilterChipsProps) {
  return (
    <div class="chips">
      {GROUPS.map(({ group, title, fixed }) => {
        const found = Object.keys(counts[group] ?? {});
        // Satisfaction labels are the admin's own: show whatever the data has, 未评价 last.
        const values = fixed ?? [...found.filter((v) => v !== 'none'), 'none'];
        const selected = filter.chips[group] ?? [];
        return (
          <div class="chip-group" role="group" aria-label={t(title)} key={group}>
            <span class="chip-group-title">{t(title)}</span>
            {values.map((value) => {
              const pressed = selected.includes(value);
              const count = counts[group]?.[value] ?? 0;
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
