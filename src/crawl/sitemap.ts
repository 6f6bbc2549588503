/** sitemap.xml and sitemap indexes: the <loc> of each url and of each child sitemap. */
import { Parser } from 'htmlparser2';

export interface SitemapLinks {
  urls: string[];
  sitemaps: string[];
}

export function parseSitemap(xml: string): SitemapLinks {
  const result: SitemapLinks = { urls: [], sitemaps: [] };
  const stack: string[] = [];
  let text = '';
  const parser = new Parser(
    {
      onopentag(name) {
        stack.push(name.toLowerCase().replace(/^.*:/, ''));
        text = '';
      },
      ontext(chunk) {
        text += chunk;
      },
      onclosetag() {
        const name = stack.pop();
        if (name === 'loc') {
          const parent = stack[stack.length - 1];
          const loc = text.trim();
          if (loc) (parent === 'sitemap' ? result.sitemaps : result.urls).push(loc);
        }
        text = '';
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return result;
}

export function looksLikeSitemap(text: string): boolean {
  return /<(?:\w+:)?(?:urlset|sitemapindex)\b/.test(text.slice(0, 2048));
}
