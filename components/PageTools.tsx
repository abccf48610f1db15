import type { ReadonlySignal } from '@preact/signals';
import type { PageNotice } from '../utils/page-model/page-notice';
import type { RecordTable } from '../utils/page-dom/table';
import { Notice } from './Notice';
import { Toolbar, type ToolbarProps } from './Toolbar';

export interface PageToolsProps extends ToolbarProps {
  table: ReadonlySignal<RecordTable | null>;
  notice: ReadonlySignal<PageNotice | null>;
}

/** Everything the helper shows on a workbench page: the bar above the records table, or a notice why there is none. */
export function PageTools({ table, notice, ...bar }: PageToolsProps) {
  return (
    <div class="tccc-root">
      {notice.value && <Notice notice={notice.value} floating={!table.value} onCopyDiagnostics={bar.onCopyDiagnostics} />}
      {table.value && <Toolbar {...bar} />}
    </div>
  );
}
