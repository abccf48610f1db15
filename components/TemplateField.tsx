import { useRef } from 'preact/hooks';
import { t, type MessageKey } from '../utils/extension/i18n';
import { TEMPLATE_TOKENS, renderRecordPath, templateProblems, type TemplateToken } from '../utils/naming/name-template';
import { compactDateTime } from '../utils/naming/compact-date-time';
import { SAMPLE_RECORD } from '../utils/record/sample-record';

const TOKEN_HELP: Record<TemplateToken, MessageKey> = {
  date: 'tokenDate',
  time: 'tokenTime',
  datetime: 'tokenDatetime',
  direction: 'tokenDirection',
  caller: 'tokenCaller',
  callee: 'tokenCallee',
  agent: 'tokenAgent',
  staffNo: 'tokenStaffNo',
  skillGroup: 'tokenSkillGroup',
  satisfaction: 'tokenSatisfaction',
  hangup: 'tokenHangup',
  status: 'tokenStatus',
  duration: 'tokenDuration',
  sessionId: 'tokenSessionId',
  batch: 'tokenBatch',
};

export interface TemplateFieldProps {
  template: string;
  root: string;
  maskPhones: boolean;
  onChange: (template: string) => void;
}

/** The file-name template: the field, its tokens (a click inserts one at the cursor), a live preview and warnings. */
export function TemplateField({ template, root, maskPhones, onChange }: TemplateFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const preview = renderRecordPath(template, SAMPLE_RECORD, {
    batchLabel: compactDateTime(Math.floor(Date.now() / 1000)),
    root,
    maskPhones,
  });
  const problems = templateProblems(template);

  const insert = (token: TemplateToken) => {
    const el = input.current;
    const at = el?.selectionStart ?? template.length;
    const end = el?.selectionEnd ?? at;
    onChange(`${template.slice(0, at)}{${token}}${template.slice(end)}`);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length + 2, at + token.length + 2);
    });
  };

  return (
    <div class="template-field">
      <label>
        <span>{t('optionsTemplate')}</span>
        <input
          ref={input}
          data-testid="option-template"
          value={template}
          spellcheck={false}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      </label>
      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would bring its own box and legend rules. */}
      <div class="template-tokens" role="group" aria-label={t('optionsTemplateTokens')}>
        {TEMPLATE_TOKENS.map((token) => (
          <button
            type="button"
            class="tccc-chip"
            key={token}
            data-testid="template-token"
            data-token={token}
            title={t(TOKEN_HELP[token])}
            onClick={() => insert(token)}
          >
            {`{${token}}`}
          </button>
        ))}
      </div>
      <p class="template-preview">
        {t('optionsTemplatePreview')} <code data-testid="template-preview">{preview}</code>
      </p>
      {problems.length > 0 && (
        <ul class="template-problems" data-testid="template-problems" role="alert">
          {problems.map((p) => (
            <li key={p.kind === 'unknown-token' ? p.token : p.kind}>
              {p.kind === 'unknown-token' ? t('templateUnknownToken', p.token) : t('templateNoSessionId')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
