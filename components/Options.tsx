import { useSignal, type Signal } from '@preact/signals';
import { t } from '../utils/extension/i18n';
import { TemplateField } from './TemplateField';
import { ColumnNamesField, type ColumnNameRow } from './ColumnNamesField';

interface OptionsValues {
  rootFolder: string;
  template: string;
  maskPhones: boolean;
  skipDuplicates: boolean;
  concurrency: number;
  notify: boolean;
  pageFeatures: boolean;
  columnNames: ColumnNameRow[];
}

export interface OptionsProps {
  initial: OptionsValues;
  onSave: (values: OptionsValues) => Promise<void>;
}

/** Sets a field of the form; the form is unsaved again. */
type Edit = <T>(field: Signal<T>, value: T) => void;

/** One on/off setting: its box, its label, and a change that marks the form unsaved. */
function Check({ testId, value, label, edit }: { testId: string; value: Signal<boolean>; label: string; edit: Edit }) {
  return (
    <label class="options-check">
      <input type="checkbox" data-testid={testId} checked={value.value} onChange={(e) => edit(value, e.currentTarget.checked)} />
      <span>{label}</span>
    </label>
  );
}

export function Options({ initial, onSave }: OptionsProps) {
  const folder = useSignal(initial.rootFolder);
  const template = useSignal(initial.template);
  const mask = useSignal(initial.maskPhones);
  const skip = useSignal(initial.skipDuplicates);
  const parallel = useSignal(initial.concurrency);
  const notify = useSignal(initial.notify);
  const onPages = useSignal(initial.pageFeatures);
  const names = useSignal(initial.columnNames);
  const saved = useSignal(false);
  const edit: Edit = (field, value) => {
    field.value = value;
    saved.value = false;
  };

  async function submit(event: Event) {
    event.preventDefault();
    await onSave({
      rootFolder: folder.value,
      template: template.value,
      maskPhones: mask.value,
      skipDuplicates: skip.value,
      concurrency: parallel.value,
      notify: notify.value,
      pageFeatures: onPages.value,
      columnNames: names.value,
    });
    saved.value = true;
  }

  return (
    <form class="options" onSubmit={submit}>
      <h1>{t('optionsTitle')}</h1>
      <label>
        <span>{t('optionsFolder')}</span>
        <input data-testid="option-root-folder" value={folder.value} onInput={(e) => edit(folder, e.currentTarget.value)} />
      </label>
      <TemplateField template={template.value} root={folder.value} maskPhones={mask.value} onChange={(v) => edit(template, v)} />
      <Check testId="option-mask-phones" value={mask} label={t('optionsMaskPhones')} edit={edit} />
      <Check testId="option-skip-duplicates" value={skip} label={t('optionsSkipDuplicates')} edit={edit} />
      <label>
        <span>{t('optionsConcurrency')}</span>
        <input
          type="number"
          min={1}
          max={6}
          data-testid="option-concurrency"
          value={parallel.value}
          onInput={(e) => edit(parallel, Number(e.currentTarget.value))}
        />
      </label>
      <Check testId="option-notify" value={notify} label={t('optionsNotify')} edit={edit} />
      <Check testId="option-page-features" value={onPages} label={t('optionsPageFeatures')} edit={edit} />
      <ColumnNamesField rows={names.value} onChange={(rows) => edit(names, rows)} />
      <div class="options-actions">
        <button type="submit" class="tccc-button primary" data-testid="save-options">
          {t('optionsSave')}
        </button>
        {saved.value && <span role="status">{t('optionsSaved')}</span>}
      </div>
    </form>
  );
}
