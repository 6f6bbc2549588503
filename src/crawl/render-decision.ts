/**
 * When does a page need a browser? Decided per URL pattern (a page template), as an adaptive
 * crawler does: a page whose static HTML looks script-built (an empty list container with
 * scripts, data-loading scripts, little text and many scripts, or a pager driven by script) is rendered to check; if
 * rendering finds links the static HTML lacked, every page of that pattern is rendered; if a few
 * checks find nothing, the pattern stays static, and one page in `recheckEvery` is checked again.
 */
import { urlPattern } from '../web/url-pattern.js';
import type { RenderSignals } from './links.js';

export type RenderMode = 'static' | 'browser' | 'auto';
export type PatternDecision = 'browser' | 'static';

export interface PatternState {
  pattern: string;
  decision: PatternDecision | null;
  checked: number;
  gained: number;
  example: string;
  /** Pages of this pattern that looked script-built (static mode reports them). */
  hinted: number;
}

export function looksScriptBuilt(signals: RenderSignals): boolean {
  // A pager whose controls are script (javascript:, #, onclick, __doPostBack) hides every page after the first.
  if (signals.scriptPagers > 0) return true;
  if (signals.scripts === 0) return false;
  return signals.emptyListContainers > 0 || signals.scriptLoadsData || (signals.textLength < 200 && signals.scripts >= 3);
}

export class RenderDecider {
  private readonly patterns = new Map<string, PatternState>();

  constructor(
    private readonly mode: RenderMode,
    private readonly options = { checksBeforeStatic: 3, recheckEvery: 10 },
  ) {}

  /** The patterns as earlier runs left them (the counts go on from there). */
  load(states: PatternState[]): void {
    for (const s of states) this.patterns.set(s.pattern, { ...s });
  }

  /** Should this fetched HTML page be rendered? */
  shouldRender(url: string, signals: RenderSignals): boolean {
    if (this.mode === 'browser') return true;
    const hint = looksScriptBuilt(signals);
    const state = this.state(url);
    if (hint) state.hinted++;
    if (this.mode === 'static') return false;
    if (state.decision === 'browser') return true;
    if (!hint) return false;
    if (state.decision === null) return true;
    return state.hinted % this.options.recheckEvery === 0;
  }

  /** Whether this URL's template is always rendered (browser mode, or a pattern decided `browser`). */
  rendersAlways(url: string): boolean {
    return this.mode === 'browser' || this.patterns.get(urlPattern(url))?.decision === 'browser';
  }

  /** After a check: did rendering show in-scope links the static HTML did not have? */
  learn(url: string, gainedLinks: number): PatternState {
    const state = this.state(url);
    state.checked++;
    if (gainedLinks > 0) {
      state.gained++;
      state.decision = 'browser';
    } else if (state.decision === null && state.checked >= this.options.checksBeforeStatic) {
      state.decision = 'static';
    }
    return state;
  }

  all(): PatternState[] {
    return [...this.patterns.values()];
  }

  private state(url: string): PatternState {
    const pattern = urlPattern(url);
    let state = this.patterns.get(pattern);
    if (!state) {
      state = { pattern, decision: null, checked: 0, gained: 0, example: url, hinted: 0 };
      this.patterns.set(pattern, state);
    }
    return state;
  }
}
