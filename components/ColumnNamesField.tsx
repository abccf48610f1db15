import { t } from '../utils/extension/i18n';
import { COLUMN_KEYS, COLUMN_NAMES, type ColumnKey } from '../utils/page-dom/table-header';

export type ColumnNameRow = { text: string; key: ColumnKey };

export interface ColumnNamesFieldProps {
  rows: ColumnNameRow[];
  onChange: (rows: ColumnNameRow[]) => void;
}

/** A page's own names for the record table's columns, when it renamed one the extension does not know. */
export function ColumnNamesField({ rows, onChange }: ColumnNamesFieldProps) {
  const update = (i: number, row: ColumnNameRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <fieldset class="column-names">
      <legend>{t('optionsColumnNames')}</legend>
      <p class="options-help">{t('optionsColumnNamesHelp')}</p>
      {rows.map((row, i) => (
        <div class="column-name-row" data-testid="column-name-row" key={i}>
          <input
            data-testid="column-name-text"
            aria-label={t('optionsColumnNameText')}
            placeholder={t('optionsColumnNameText')}
            value={row.text}
            onInput={(e) => update(i, { ...row, text: e.currentTarget.value })}
          />
          <span aria-hidden="true">→</span>
          <select
            data-testid="column-name-field"
            aria-label={t('optionsColumnNameField')}
            value={row.key}
            onChange={(e) => update(i, { ...row, key: e.currentTarget.value as ColumnKey })}
          >
            {COLUMN_KEYS.map((key) => (
              <option value={key} key={key}>
                {COLUMN_NAMES[key][0]}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="tccc-button"
            data-testid="column-name-remove"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {t('optionsColumnNameRemove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        class="tccc-button"
        data-testid="column-name-add"
        onClick={() => onChange([...rows, { text: '', key: 'time' }])}
      >
        {t('optionsColumnNameAdd')}
      </button>
    </fieldset>
  );
}
