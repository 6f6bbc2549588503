/**
 * Bodies are published by the parent CMS: each safety rule as an HTML → Markdown pair, then every
 * body rendered by markdown-it in its most trusting setting (raw HTML on, every link allowed) and
 * parsed again, to see that the page's text never became markup and no target other than http(s),
 * relative, mailto: or tel: survived.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { createMarkdownService, isAllowedUrl, type MarkdownOptions } from '../src/extract/markdown.js';
import { parseHtml } from '../src/extract/page.js';

function convert(html: string, options: MarkdownOptions = {}): { markdown: string; warnings: string[] } {
  const warnings: string[] = [];
  const doc = parseHtml(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div id="root">${html}</div></body></html>`);
  const root = doc.getElementById('root') as unknown as HTMLElement;
  const markdown = createMarkdownService({ ...options, warn: (rule, reason) => warnings.push(`${rule}: ${reason}`) })
    .turndown(root)
    .trim();
  return { markdown, warnings };
}

/** A renderer that trusts everything: raw HTML passes, no link is refused. */
const trusting = new MarkdownIt({ html: true, linkify: true });
trusting.validateLink = () => true;

/** Every element and every URL-bearing attribute of the rendered body. */
function rendered(markdown: string): { tags: string[]; urls: string[]; handlers: string[]; text: string } {
  const doc = parseHtml(`<!DOCTYPE html><html><body>${trusting.render(markdown)}</body></html>`);
  const elements = Array.from(doc.body.querySelectorAll('*'));
  return {
    tags: [...new Set(elements.map((e) => e.tagName.toLowerCase()))].sort(),
    urls: elements.flatMap((e) => ['href', 'src', 'action', 'formaction', 'data'].map((a) => e.getAttribute(a)).filter((v) => v !== null)),
    handlers: elements.flatMap((e) =>
      Array.from(e.attributes)
        .filter((a) => /^on/i.test(a.name))
        .map((a) => a.name),
    ),
    text: doc.body.textContent ?? '',
  };
}

describe('markdown rule: text escaping (escape)', () => {
  const rows: [string, string, string][] = [
    ['an escaped tag in the text stays text', '<p>&lt;img src=x onerror=alert(1)&gt;</p>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an escaped script in the text stays text', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an entity written out stays written out', '<p>&amp;lt;b&amp;gt; 与 &amp;amp;</p>', '&amp;lt;b&amp;gt; 与 &amp;amp;'],
    ['a line starting with > is no quote', '<p>&gt; 引用</p>', '&gt; 引用'],
    [
      'Markdown link injection in the text stays text',
      '<p>[点击领取](javascript:alert(1)) ![x](data:image/svg+xml,1)</p>',
      '\\[点击领取\\](javascript:alert(1)) !\\[x\\](data:image/svg+xml,1)',
    ],
    ['an autolink in the text stays text', '<p>&lt;javascript:alert(1)&gt;</p>', '&lt;javascript:alert(1)&gt;'],
    [
      'RTL overrides are shown, not obeyed',
      '<p>检查\u202egpj.exe\u202c工作\u2067</p>',
      '检查\\[U+202E\\]gpj.exe\\[U+202C\\]工作\\[U+2067\\]',
    ],
    ['inline SVG and templates are dropped', '<p>前<svg><script>alert(1)</script></svg><template><b>x</b></template>后</p>', '前后'],
  ];
  it.each(rows)('%s', (_name, html, expected) => {
    expect(convert(html).markdown).toBe(expected);
  });
});

describe('markdown rule: table cells escaped fully (table)', () => {
  it('escapes markup, links and HTML inside GFM cells', () => {
    const html =
      '<table><tr><td>名称</td><td>说明</td></tr><tr><td>*粗* _斜_ `码`</td><td>[x](javascript:a) &lt;b onmouseover=1&gt;|~~删~~</td></tr></table>';
    expect(convert(html).markdown).toBe(
      '| 名称 | 说明 |\n| --- | --- |\n| \\*粗\\* \\_斜\\_ \\`码\\` | \\[x\\](javascript:a) &lt;b onmouseover=1&gt;\\|\\~\\~删\\~\\~ |',
    );
  });
});

describe('markdown rules: allowed link and image targets (link, image)', () => {
  const kept: [string, string, string][] = [
    ['http', '<a href="http://www.example.gov.cn/a.html">甲</a>', '[甲](http://www.example.gov.cn/a.html)'],
    ['https', '<a href="https://www.example.gov.cn/">乙</a>', '[乙](https://www.example.gov.cn/)'],
    ['relative', '<a href="../b/c.html">丙</a>', '[丙](../b/c.html)'],
    ['mailto', '<a href="mailto:ban@example.gov.cn">邮箱</a>', '[邮箱](mailto:ban@example.gov.cn)'],
    ['tel', '<a href="tel:0871-65612345">电话</a>', '[电话](tel:0871-65612345)'],
    ['image, relative', '<img src="/images/a.png" alt="&lt;img onerror=1&gt;*图*">', '![&lt;img onerror=1&gt;\\*图\\*](/images/a.png)'],
  ];
  it.each(kept)('keeps %s', (_name, html, expected) => {
    const { markdown, warnings } = convert(html);
    expect(markdown).toBe(expected);
    expect(warnings).toEqual([]);
  });

  const dropped: [string, string, string][] = [
    ['javascript:', '<a href="javascript:alert(1)">查看</a>', '查看'],
    ['JavaScript: in mixed case with blanks', '<a href="  JaVaScRiPt:alert(1)">查看</a>', '查看'],
    ['javascript: split by a tab and an entity', '<a href="java&#9;script&colon;alert(1)">查看</a>', '查看'],
    ['vbscript:', '<a href="vbscript:msgbox(1)">查看</a>', '查看'],
    ['data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">下载</a>', '下载'],
    ['file:', '<a href="file:///etc/passwd">文件</a>', '文件'],
    ['data: image', '<p>图<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="图"></p>', '图'],
    ['javascript: image', '<img src="javascript:alert(1)">', ''],
  ];
  it.each(dropped)('drops %s with a warning', (_name, html, expected) => {
    const { markdown, warnings } = convert(html);
    expect(markdown).toBe(expected);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^link-dropped: (?:link|image) ".*" dropped: only http\(s\), relative, mailto: and tel: targets are kept$/);
  });

  it('drops a target the rewrite turned into a scheme that is not allowed', () => {
    const { markdown, warnings } = convert('<a href="/a.pdf">附件</a>', { rewrite: () => 'javascript:alert(1)' });
    expect(markdown).toBe('附件');
    expect(warnings).toHaveLength(1);
  });

  it('keeps a destination from ending early or opening markup', () => {
    expect(convert('<a href="/a b)<img onerror=1>.html">甲</a>').markdown).toBe('[甲](</a b)%3Cimg onerror=1%3E.html>)');
  });

  it.each([
    ['http://a/', true],
    ['/a', true],
    ['media/x.png', true],
    ['attachments/x.pdf', true],
    ['//cdn.example.gov.cn/x.js', true],
    ['mailto:a@b', true],
    ['tel:110', true],
    ['javascript:x', false],
    ['\u0001javascript:x', false],
    ['data:,x', false],
    ['blob:http://a/1', false],
    ['ftp://a/x', false],
  ])('isAllowedUrl(%j) = %s', (url, expected) => {
    expect(isAllowedUrl(url)).toBe(expected);
  });
});

describe('bodies rendered by a trusting Markdown renderer', () => {
  const hostile = `
    <h2>&lt;script&gt;window.pwned=1&lt;/script&gt;标题</h2>
    <p>&lt;img src=x onerror="window.pwned=1"&gt; 与 &lt;a href="javascript:window.pwned=1"&gt;点我&lt;/a&gt;</p>
    <p>[领取补贴](javascript:window.pwned=1) 和 ![图](javascript:window.pwned=1) 和 &lt;javascript:window.pwned=1&gt;</p>
    <p><a href="javascript:window.pwned=1">链接一</a> <a href=" data:text/html,&lt;script&gt;1&lt;/script&gt;">链接二</a>
       <a href="vbscript:x">链接三</a> <a href="http://www.example.gov.cn/" onclick="window.pwned=1">正常链接</a></p>
    <p><img src="data:image/png;base64,iVBORw0KGgo=" onerror="window.pwned=1"><img src="/images/ok.png" onload="window.pwned=1" alt="&quot; onerror=&quot;1"></p>
    <table><tr><td>&lt;iframe src=javascript:1&gt;</td><td>b</td></tr><tr><td>[x](javascript:1)</td><td>&lt;/td&gt;&lt;script&gt;1&lt;/script&gt;</td></tr></table>
    <table><tr><td rowspan="2">&lt;svg onload=1&gt;</td><td>c</td></tr><tr><td>d</td></tr></table>
    <pre><code>\`\`\`
&lt;script&gt;1&lt;/script&gt;</code></pre>
    <p>\u202e这是从右向左的覆盖字符\u202c；=cmd|' /C calc'!A0</p>`;

  it('renders only inert elements, with only allowed targets and no handlers', () => {
    const { markdown, warnings } = convert(hostile);
    const html = rendered(markdown);
    expect(
      html.tags.filter((t) => !['a', 'code', 'h2', 'img', 'p', 'pre', 'table', 'tbody', 'td', 'th', 'thead', 'tr'].includes(t)),
    ).toEqual([]);
    expect(html.handlers).toEqual([]);
    for (const url of html.urls) expect(isAllowedUrl(url), url).toBe(true);
    expect(html.urls.sort()).toEqual(['/images/ok.png', 'http://www.example.gov.cn/']);
    // The page's text is still there, as text.
    expect(html.text).toContain('<script>window.pwned=1</script>标题');
    expect(html.text).toContain('<img src=x onerror="window.pwned=1">');
    expect(html.text).toContain('[领取补贴](javascript:window.pwned=1)');
    expect(html.text).toContain('<svg onload=1>');
    expect(warnings).toHaveLength(4); // three links and one image
  });
});
