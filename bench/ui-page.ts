/**
 * The `ui` benchmark's hands and stopwatch in the page. A timed step starts at the user's own
 * event (the click, the Enter keydown), seen by a capture-phase listener in the page, and ends at
 * the first animation frame where the wanted state is in the DOM: both ends on the page's clock,
 * so the Playwright round trips around them are not counted.
 */
import type { Browser, Locator, Page } from '@playwright/test';

/**
 * The few DOM members the in-page functions use. The benchmarks' TypeScript project is Node's
 * (no DOM library); these functions run in the page, reached through its globalThis.
 */
interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
  getBoundingClientRect(): { height: number };
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}
interface PageGlobals {
  document: PageElement & { getElementsByTagName(name: string): { length: number } };
  requestAnimationFrame(callback: () => void): number;
  addEventListener(
    type: string,
    listener: (event: { key?: string }) => void,
    options: { capture: boolean; signal: unknown },
  ): void;
  performance: { now(): number; memory?: { usedJSHeapSize: number } };
  __uiBench?: { start?: number; end?: number };
}

const TIMELINE = '[data-testid="timeline"]';

/** What the page must show for a timed step to be over. */
export interface Wanted {
  /** The timeline's aria-rowcount: the entries of its view (the session, or what the filter matched). */
  rowCount?: number;
  /** The timeline's data-applied-filter: the filter whose rows have arrived ('' for none). */
  appliedFilter?: string;
  /** An element laid out (a real row, say: loading placeholders carry no data-seq). */
  laidOut?: string;
}

/** Real rows of the timeline, not loading placeholders. */
export const TIMELINE_ROWS = '[data-testid="timeline"] [data-seq]';

/** The user's event a timed step starts at. */
export type Trigger = { event: 'click' } | { event: 'keydown'; key: string };

export interface DomCount {
  /** `[role=row]` in the timeline's scroller (the header row is outside it). */
  rows: number;
  /** Elements in the whole document. */
  elements: number;
}

export class UiPage {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, viewport: { width: number; height: number }): Promise<UiPage> {
    const page = await browser.newPage({ viewport });
    // tsx compiles this file keeping function names, through a `__name` helper the functions
    // sent to the page would call there: the page gets a helper that does nothing.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    return new UiPage(page);
  }

  get timeline(): Locator {
    return this.page.locator(TIMELINE);
  }

  /** Does `act`, and measures on the page's clock from the `trigger` to the first frame showing `wanted`. */
  async timed(trigger: Trigger, wanted: Wanted, act: () => Promise<void>, timeoutMs: number) {
    await this.page.evaluate(
      ({ trigger, wanted, timeline }) => {
        const g = globalThis as unknown as PageGlobals;
        const probe: { start?: number; end?: number } = {};
        g.__uiBench = probe;
        const stop = new AbortController();
        g.addEventListener(
          trigger.event,
          (e) => {
            if (trigger.event === 'keydown' && e.key !== trigger.key) return;
            probe.start ??= g.performance.now();
          },
          { capture: true, signal: stop.signal },
        );
        const shown = () => {
          const scroller = g.document.querySelector(timeline);
          if (
            wanted.rowCount !== undefined &&
            scroller?.getAttribute('aria-rowcount') !== String(wanted.rowCount)
          )
            return false;
          if (
            wanted.appliedFilter !== undefined &&
            (scroller?.getAttribute('data-applied-filter') ?? '') !== wanted.appliedFilter
          )
            return false;
          if (wanted.laidOut === undefined) return true;
          const element = g.document.querySelector(wanted.laidOut);
          return element !== null && element.getBoundingClientRect().height > 0;
        };
        const frame = () => {
          if (probe.start !== undefined && shown()) {
            probe.end = g.performance.now();
            stop.abort();
          } else g.requestAnimationFrame(frame);
        };
        g.requestAnimationFrame(frame);
      },
      { trigger, wanted, timeline: TIMELINE },
    );
    await act();
    try {
      const handle = await this.page.waitForFunction(
        () => {
          const probe = (globalThis as unknown as PageGlobals).__uiBench;
          return probe?.end !== undefined && probe.start !== undefined ? probe.end - probe.start : undefined;
        },
        undefined,
        { timeout: timeoutMs },
      );
      return (await handle.jsonValue()) as number;
    } catch (error) {
      throw new Error(
        `after the ${trigger.event}, the page never showed ${JSON.stringify(wanted)} ` +
          `within ${timeoutMs / 1000} s; it shows ${JSON.stringify(await this.state())}`,
        { cause: error },
      );
    }
  }

  /** What the timeline shows now, for the message of a step that timed out. */
  private state() {
    return this.page.evaluate(
      ({ timeline }) => {
        const g = globalThis as unknown as PageGlobals;
        const scroller = g.document.querySelector(timeline);
        return {
          rowCount: scroller?.getAttribute('aria-rowcount'),
          appliedFilter: scroller?.getAttribute('data-applied-filter'),
          rows: scroller?.querySelectorAll('[data-seq]').length,
          eventSeen: g.__uiBench?.start !== undefined,
        };
      },
      { timeline: TIMELINE },
    );
  }

  async domCount(): Promise<DomCount> {
    return this.page.evaluate((timeline) => {
      const { document } = globalThis as unknown as PageGlobals;
      return {
        rows: document.querySelector(timeline)?.querySelectorAll('[role="row"]').length ?? 0,
        elements: document.getElementsByTagName('*').length,
      };
    }, TIMELINE);
  }

  /** The page's JS heap in use (Chromium's performance.memory), bytes; undefined elsewhere. */
  heapUsed(): Promise<number | undefined> {
    return this.page.evaluate(
      () => (globalThis as unknown as PageGlobals).performance.memory?.usedJSHeapSize,
    );
  }

  /** Scrolls the timeline to the middle and measures until no row there is a placeholder. */
  async scrollToMiddle(timeoutMs: number): Promise<number> {
    const started = await this.timeline.evaluate((element) => {
      const scroller = element as unknown as PageElement;
      scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) / 2;
      return (globalThis as unknown as PageGlobals).performance.now();
    });
    const handle = await this.page.waitForFunction(
      (timeline) => {
        const g = globalThis as unknown as PageGlobals;
        const scroller = g.document.querySelector(timeline);
        if (scroller === null || scroller.querySelector('[role="row"]:not([data-seq])') !== null)
          return false;
        // The rows of the middle, not those still on screen from before the scroll.
        const middle = Math.floor(Number(scroller.getAttribute('aria-rowcount')) / 2);
        const row = scroller.querySelector('[data-seq]');
        const index = Number(row?.getAttribute('data-row'));
        return Math.abs(index - middle) < 200 ? g.performance.now() : false;
      },
      TIMELINE,
      { polling: 'raf', timeout: timeoutMs },
    );
    return ((await handle.jsonValue()) as number) - started;
  }
}
