/**
 * A fake of the part of `chrome.downloads` the queue uses, faithful where the queue depends
 * on it: ids count up from 1; a download is listed (and answered with its id) only once the
 * server's headers are in, a task later or when `releaseHeaders` says so, even if the worker
 * that asked has died meanwhile, and the file arrives later; `onChanged` fires after the state changed, asynchronously, and is lost while no
 * worker listens; `uniquify` turns `a.mp3` into `a (1).mp3` beside an existing file;
 * `filename` is the absolute path; `cancel` of a finished download does nothing; `erase`
 * forgets a download but leaves its file; a download canceled mid-way leaves no file;
 * `removeFile` deletes a finished download's file and refuses any other.
 * `onChanged` also tells of a new target path (`filename`, previous '' the first time): as
 * Chromium 156 does, a download whose connection drops mid-body against a server that
 * answers ranges is resumed by the browser itself, with no interrupted state in between,
 * and moved to the folder's root under the server's name (`resumeElsewhere`); another
 * extension's `onDeterminingFilename` picks another name before any byte (`renamedTo`).
 * With the user's "Ask where to save each file" on, Chrome shows a save dialog even for
 * `saveAs: false`; closed (or headless, where none can show), the download is canceled
 * before it ever had a path (`askWhereToSave`).
 * Answers come back on a later task, and a worker that died before one came never gets it.
 */
import type { DownloadDelta, DownloadsApi } from '../../utils/queue/engine';

const DOWNLOAD_ROOT = '/home/user/Downloads';

/**
 * What the server does with a request for a URL: send the file (of another type, or another
 * size, when `mime`/`size` say so), or fail the way Chrome reports it. `resumeElsewhere`: the
 * connection drops and the browser resumes the download under that name at the folder's root.
 */
export type Outcome =
  | { ok: true; mime?: string; size?: number }
  | { fail: string }
  | { hang: true }
  | { refuse: string }
  | { resumeElsewhere: string }
  | { renamedTo: string }
  | { askWhereToSave: true };

interface FakeDownload {
  id: number;
  url: string;
  /** The absolute path, fixed when the download starts (Chrome reserves the name). */
  filename: string;
  state: 'in_progress' | 'complete' | 'interrupted';
  error?: string;
  startTime: string;
  bytesReceived: number;
  mime: string;
  outcome: Outcome;
}

export class FakeDownloads implements DownloadsApi {
  private readonly downloads = new Map<number, FakeDownload>();
  private nextId = 1;
  /** Files on disk: absolute path → the URL whose bytes it holds. */
  readonly disk = new Map<string, string>();
  /** Every URL ever requested, in order (a retry shows up twice). */
  readonly requested: string[] = [];
  maxInProgress = 0;
  /** The worker's `onChanged` listener; null while the worker is dead. */
  listener: ((id: number, delta: DownloadDelta) => void) | null = null;
  /** Counts worker deaths: an answer meant for an earlier worker is never delivered. */
  private generation = 0;
  /** `download` calls of the live worker not answered yet. */
  unanswered = 0;
  /** While set, servers hold their headers back: downloads asked for are not listed yet. */
  private headers: { promise: Promise<void>; release: () => void } | null = null;

  constructor(
    private readonly now: () => number,
    /** The server, per request: called once for each download started. */
    private readonly serve: (url: string) => Outcome = () => ({ ok: true }),
    /** A recording's size: a short call's MP3 at least. */
    private readonly size = 48 * 1024,
  ) {}

  async download(o: { url: string; filename: string; conflictAction: 'uniquify' }): Promise<number> {
    this.requested.push(o.url);
    const held = this.headers?.promise;
    const outcome = this.serve(o.url);
    // Refused outright (a bad name, a browser shutting down): the promise rejects, nothing is listed.
    if ('refuse' in outcome) {
      await new Promise((r) => setTimeout(r, 0));
      throw new Error(outcome.refuse);
    }
    // Chrome lists a download, and answers, once the server's headers are in: on a later task.
    await new Promise((r) => setTimeout(r, 0));
    await held;
    const id = this.nextId++;
    const asked = 'renamedTo' in outcome ? outcome.renamedTo : o.filename;
    const dialog = 'askWhereToSave' in outcome;
    const d: FakeDownload = {
      id,
      url: o.url,
      filename: dialog ? '' : this.uniquePath(`${DOWNLOAD_ROOT}/${asked}`),
      state: 'in_progress',
      startTime: new Date(this.now()).toISOString(),
      bytesReceived: 0,
      mime: 'ok' in outcome && outcome.mime ? outcome.mime : 'audio/mpeg',
      outcome,
    };
    this.downloads.set(id, d);
    this.maxInProgress = Math.max(this.maxInProgress, this.inProgress().length);
    // Its first path is told before the answer comes: the worker may learn of it before it knows the id.
    if (dialog) this.end(d, 'interrupted', 'USER_CANCELED');
    else this.emit(d, { filename: { current: d.filename, previous: '' } });
    await new Promise((r) => setTimeout(r, 1));
    return id;
  }

  /** Servers hold their headers back until `releaseHeaders`. */
  holdHeaders(): void {
    let release = () => {};
    const promise = new Promise<void>((r) => (release = r));
    this.headers = { promise, release };
  }

  /** The browser went down: requests whose headers were held back are dropped, never listed. */
  forget(): void {
    this.headers = null;
  }

  releaseHeaders(): void {
    this.headers?.release();
    this.headers = null;
  }

  /**
   * The API as one worker sees it. Once that worker is dead (`killWorker`), it can neither
   * call nor be answered, as a stopped worker runs nothing at all.
   */
  forWorker(): DownloadsApi {
    const generation = this.generation;
    const alive = <T>(call: () => Promise<T>): Promise<T> =>
      generation !== this.generation
        ? new Promise<T>(() => {})
        : call().then((v) => (generation === this.generation ? v : new Promise<T>(() => {})));
    const answered = () => {
      if (generation === this.generation) this.unanswered--;
    };
    return {
      download: (o) => {
        this.unanswered++;
        return alive(() => this.download(o)).finally(answered);
      },
      search: (q) => alive(() => this.search(q)),
      cancel: (id) => alive(() => this.cancel(id)),
      erase: (q) => alive(() => this.erase(q)),
      removeFile: (id) => alive(() => this.removeFile(id)),
    };
  }

  /** The worker dies: its events and the answers it waits for are lost. */
  killWorker(): void {
    this.listener = null;
    this.generation++;
    this.unanswered = 0;
  }

  /** Newest first: Chrome promises no order, and code that assumes oldest-first should fail here. */
  async search(q: { id?: number; url?: string; startedAfter?: string; state?: string }) {
    return [...this.downloads.values()]
      .reverse()
      .filter(
        (d) =>
          (q.id === undefined || d.id === q.id) &&
          (q.url === undefined || d.url === q.url) &&
          (q.state === undefined || d.state === q.state),
      )
      .filter((d) => q.startedAfter === undefined || d.startTime > q.startedAfter)
      .map(({ id, state, filename, bytesReceived, error, mime }) => ({ id, state, filename, bytesReceived, error, mime }));
  }

  async cancel(id: number): Promise<void> {
    const d = this.downloads.get(id);
    if (d?.state !== 'in_progress') return;
    this.end(d, 'interrupted', 'USER_CANCELED');
  }

  async erase(q: { id: number }): Promise<unknown> {
    this.downloads.delete(q.id);
    return [q.id];
  }

  /** Chrome removes only a finished download's file ("Download must be complete"). */
  async removeFile(id: number): Promise<void> {
    const d = this.downloads.get(id);
    if (d?.state !== 'complete') throw new Error('Download must be complete');
    if (!this.disk.delete(d.filename)) throw new Error('Download file already deleted');
  }

  inProgress(): number[] {
    return [...this.downloads.values()].filter((d) => d.state === 'in_progress').map((d) => d.id);
  }

  /** The server finishes every download under way the way it was told to; hanging ones stay. */
  finishAll(): number {
    const going = this.inProgress()
      .map((id) => this.downloads.get(id)!)
      .filter((d) => !('hang' in d.outcome));
    for (const d of going) {
      if ('fail' in d.outcome) this.end(d, 'interrupted', d.outcome.fail);
      else if ('resumeElsewhere' in d.outcome) {
        // Dropped mid-body: the browser resumes it at once, under the server's name; it ends on the next round.
        const previous = d.filename;
        d.filename = this.uniquePath(`${DOWNLOAD_ROOT}/${d.outcome.resumeElsewhere}`);
        d.outcome = { ok: true };
        this.emit(d, { filename: { current: d.filename, previous } });
      } else {
        d.bytesReceived = 'ok' in d.outcome && d.outcome.size !== undefined ? d.outcome.size : this.size;
        this.disk.set(d.filename, d.url);
        this.end(d, 'complete');
      }
    }
    return going.length;
  }

  /** Files on disk named after this session id (the default names end with it), uniquified copies included. */
  filesOf(sessionId: string): string[] {
    return [...this.disk.keys()].filter((p) => p.endsWith(`_${sessionId}.mp3`) || new RegExp(`_${sessionId} \\(\\d+\\)\\.mp3$`).test(p));
  }

  /** Files on disk anywhere under the download folder's root itself (not in a folder). */
  atRoot(): string[] {
    return [...this.disk.keys()].filter((p) => !p.slice(DOWNLOAD_ROOT.length + 1).includes('/'));
  }

  private end(d: FakeDownload, state: 'complete' | 'interrupted', error?: string): void {
    d.state = state;
    d.error = error;
    this.emit(d, { state: { current: state } });
  }

  private emit(d: FakeDownload, delta: DownloadDelta): void {
    const listener = this.listener;
    if (listener) setTimeout(() => listener(d.id, delta), 0);
  }

  private uniquePath(path: string): string {
    const taken = (p: string) =>
      this.disk.has(p) || [...this.downloads.values()].some((d) => d.filename === p && d.state !== 'interrupted');
    if (!taken(path)) return path;
    const dot = path.lastIndexOf('.');
    for (let n = 1; ; n++) {
      const candidate = `${path.slice(0, dot)} (${n})${path.slice(dot)}`;
      if (!taken(candidate)) return candidate;
    }
  }
}
