import { useSignal } from '@preact/signals';
import { t } from '../utils/i18n';
import { TemplateField } from './TemplateField';

export interface OptionsValues {
  rootFolder: string;
  template: string;
  maskPhones: boolean;
  skipDuplicates: boolean;
  concurrency: number;
  notify: boolean;
  pageFeatures: boolean;
}

export interface OptionsProps {
  initial: OptionsValues;
  onSave: (values: OptionsValues) => Promise<void>;
}

export function Options({ initial, onSave }: OptionsProps) {
  const folder = useSignal(initial.rootFolder);
  const template = useSignal(initial.template);
  const mask = useSignal(initial.maskPhones);
  const skip = useSignal(initial.skipDuplicates);
  const parallel = useSignal(initial.concurrency);
  const notify = useSignal(initial.notify);
  const onPages = useSignal(initial.pageFeatures);
  const saved = useSignal(false);
  const changed = () => (saved.value = false);

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
    });
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
      <TemplateField template={template.value} root={folder.value} maskPhones={mask.value} onChange={(v) => ((template.value = v), changed())} />
      <label class="options-check">
        <input type="checkbox" data-testid="option-mask-phones" checked={mask.value} onChange={(e) => ((mask.value = e.currentTarget.checked), changed())} />
        <span>{t('optionsMaskPhones')}</span>
      </label>
      <label class="options-check">
        <input type="checkbox" data-testid="option-skip-duplicates" checked={skip.value} onChange={(e) => ((skip.value = e.currentTarget.checked), changed())} />
        <span>{t('optionsSkipDuplicates')}</span>
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
      <label class="options-check">
        <input type="checkbox" data-testid="option-page-features" checked={onPages.value} onChange={(e) => ((onPages.value = e.currentTarget.checked), changed())} />
        <span>{t('optionsPageFeatures')}</span>
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
