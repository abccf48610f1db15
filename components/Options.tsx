import { useSignal } from '@preact/signals';
import { t } from '../utils/i18n';

export interface OptionsValues {
  rootFolder: string;
  concurrency: number;
  notify: boolean;
}

export interface OptionsProps {
  initial: OptionsValues;
  onSave: (values: OptionsValues) => Promise<void>;
}

export function Options({ initial, onSave }: OptionsProps) {
  const folder = useSignal(initial.rootFolder);
  const parallel = useSignal(initial.concurrency);
  const notify = useSignal(initial.notify);
  const saved = useSignal(false);

  async function submit(event: Event) {
    event.preventDefault();
    await onSave({ rootFolder: folder.value, concurrency: parallel.value, notify: notify.value });
    saved.value = true;
  }

  return (
    <form class="options" onSubmit={submit}>
      <h1>{t('optionsTitle')}</h1>
      <label>
        <span>{t('optionsFolder')}</span>
        <input
          data-testid="option-root-folder"
          value={folder.value}
          onInput={(e) => ((folder.value = e.currentTarget.value), (saved.value = false))}
        />
      </label>
      <label>
        <span>{t('optionsConcurrency')}</span>
        <input
          type="number"
          min={1}
          max={6}
          data-testid="option-concurrency"
          value={parallel.value}
          onInput={(e) => ((parallel.value = Number(e.currentTarget.value)), (saved.value = false))}
        />
      </label>
      <label class="options-check">
        <input
          type="checkbox"
          data-testid="option-notify"
          checked={notify.value}
          onChange={(e) => ((notify.value = e.currentTarget.checked), (saved.value = false))}
        />
        <span>{t('optionsNotify')}</span>
      </label>
      <div class="options-actions">
        <button type="submit" class="tccc-button primary" data-testid="save-options">
          {t('optionsSave')}
        </button>
        {saved.value && <span role="status">{t('optionsSaved')}</span>}
      </div>
    </form>
  );
}
