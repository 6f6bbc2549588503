/**
 * Script-driven pagers in a rendered list page: numbered links, 下一页/末页 controls whose href is
 * `javascript:`, `#` or absent (onclick handlers, ASP.NET `__doPostBack`), and 加载更多 buttons.
 * The page is clicked through in place, one page at a time, until a click adds no new link or the
 * bound is reached; every link met is returned with the pager step that showed it. Controls with a
 * real href are not clicked: the crawler follows those as links.
 */
import type { Page } from 'playwright';

export interface PagerLink {
  href: string;
  anchor: string;
  /** 2 for the page the first click showed, 3 for the next… (1 is the page as loaded). */
  step: number;
  /** The control loaded another URL (this one) instead of changing the page: pagination by link. */
  navigated?: boolean;
}

export interface PagerResult {
  links: PagerLink[];
  /** Clicks that showed new links. */
  steps: number;
  /** Why the walk ended. */
  stop: 'no control' | 'no new link' | 'limit' | 'navigated' | 'error';
}

export interface PagerWalk {
  maxPages: number;
  /** Resolves when the page has settled after a click (bounded). */
  settle: () => Promise<void>;
  /** URLs the page tried to navigate to with GET since the last call (recorded as links, not followed). */
  takeNavigations: () => string[];
}

/** Pager words as sites print them; a bare number only counts inside something that looks like a pager. */
export const pagerWords = {
  next: /^[[【(（<]*\s*(?:下一页|下页|后一页|后页|next|next page|›|»|>|>>)\s*[\])）】>]*$/i,
  more: /^(?:点击)?(?:加载更多|查看更多|更多内容|load more|more)(?:\.\.\.|…|>>)?$/i,
  number: /^\d{1,4}$/,
};

// The code that runs in the page is kept as source text: a bundler's helpers (esbuild's __name)
// must not leak into a function Playwright serialises.

/** In the page: every link as the browser resolved it, with its text. */
const collectLinks = `(() => {
  const out = [];
  for (const a of Array.from(document.querySelectorAll('a[href], area[href]'))) {
    const href = a.href;
    if (!href || /^(?:javascript|mailto|tel|data):/i.test(href)) continue;
    out.push([href, (a.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 200)]);
  }
  return out;
})()`;

/**
 * In the page: the control that shows page `wanted` (a number inside something that looks like a
 * pager), else a next control, else a load-more one, clicked. Returns its text, or '' when there is none.
 */
const clickControl = (args: { wanted: number; next: string; more: string; number: string }) => `((args) => {
  const next = new RegExp(args.next, 'i');
  const more = new RegExp(args.more, 'i');
  const number = new RegExp(args.number);
  const pagerBox = /pag|fenye|fy|pager|pn|turn|page/i;
  const textOf = (el) => ((el.tagName === 'INPUT' ? el.value : el.textContent) || '').replace(/\\s+/g, '');
  const scripted = (el) => {
    if (el.tagName === 'A') {
      const href = el.getAttribute('href');
      return href === null || href === '' || href.startsWith('#') || /^\\s*javascript:/i.test(href);
    }
    return el.tagName === 'BUTTON' || el.tagName === 'INPUT' || el.hasAttribute('onclick');
  };
  const classes = (el) => (el && typeof el.className === 'string' ? el.className : '');
  const disabled = (el) => el.hasAttribute('disabled') || /(?:^|\\s)disabled(?:\\s|$)/.test(classes(el) + ' ' + classes(el.parentElement));
  const inPager = (el) => {
    let node = el.parentElement;
    for (let i = 0; node && i < 4; i++, node = node.parentElement) {
      if (pagerBox.test(node.id + ' ' + classes(node))) return true;
      // Or it holds a row of page numbers (a pager without a telling class).
      if (Array.from(node.querySelectorAll('a,span,b,strong,button')).filter((c) => number.test(textOf(c))).length >= 2) return true;
    }
    return false;
  };
  const candidates = Array.from(document.querySelectorAll('a, button, input[type=button], input[type=submit], [onclick]'))
    .filter((el) => scripted(el) && !disabled(el));
  const pick =
    candidates.find((el) => number.test(textOf(el)) && Number(textOf(el)) === args.wanted && inPager(el)) ||
    // Arrows alone (›, », >) also page carousels and calendars: only inside something that looks like a pager.
    candidates.find((el) => next.test(textOf(el)) && (/[\\u4e00-\\u9fa5a-z]/i.test(textOf(el)) || inPager(el))) ||
    candidates.find((el) => more.test(textOf(el)));
  if (!pick) return '';
  pick.click();
  return textOf(pick) || '(control)';
})(${JSON.stringify(args)})`;

/** Clicks through the page's pager; `seen` holds the hrefs the page showed as loaded. */
export async function walkPager(page: Page, seen: Set<string>, walk: PagerWalk): Promise<PagerResult> {
  const links: PagerLink[] = [];
  let steps = 0;
  const args = { next: pagerWords.next.source, more: pagerWords.more.source, number: pagerWords.number.source };
  for (let shown = 1; shown < walk.maxPages; shown++) {
    let clicked: string;
    try {
      clicked = await page.evaluate<string>(clickControl({ ...args, wanted: shown + 1 }));
    } catch {
      return { links, steps, stop: 'error' };
    }
    if (!clicked) return { links, steps, stop: 'no control' };
    await walk.settle();
    const navigations = walk.takeNavigations();
    for (const href of navigations) links.push({ href, anchor: clicked, step: shown + 1, navigated: true });
    // A control that loads another URL is a link: the crawler fetches it, its own pager goes on from there.
    if (navigations.length) return { links, steps: steps + 1, stop: 'navigated' };
    let now: [string, string][];
    try {
      now = await page.evaluate<[string, string][]>(collectLinks);
    } catch {
      // The click replaced the document (a form post): wait for the new one once more.
      await walk.settle();
      now = await page.evaluate<[string, string][]>(collectLinks).catch(() => []);
    }
    let fresh = 0;
    for (const [href, anchor] of now) {
      if (seen.has(href)) continue;
      seen.add(href);
      fresh++;
      links.push({ href, anchor, step: shown + 1 });
    }
    if (fresh === 0) return { links, steps, stop: 'no new link' };
    steps++;
  }
  return { links, steps, stop: 'limit' };
}

export async function pageLinks(page: Page): Promise<[string, string][]> {
  return page.evaluate<[string, string][]>(collectLinks);
}
