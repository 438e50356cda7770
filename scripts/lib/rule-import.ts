/**
 * Reads the articles of a regulation from its scraped text (one of the seed files the rule
 * catalogue was built from). Used only by `npm run rules -- --import M=<file> T=<file>`, so that
 * the Chinese article texts in `docs/rules/articles.json` can be extracted again, byte for byte.
 */
import crypto from 'node:crypto';

export interface Article {
  /** 2 for 第二条 */
  number: number;
  /** The paragraphs of the article, verbatim; the first one without its 第…条 heading. */
  paragraphs: string[];
}

const digits: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 as used in article numbers: 十一 = 11, 二十 = 20, 二十九 = 29. */
export function chineseNumber(text: string): number {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || !text) throw new Error(`not a Chinese number from 1 to 99: "${text}"`);
  const [, tens, ten, ones] = m;
  if (!ten) {
    if (tens && ones) throw new Error(`not a Chinese number from 1 to 99: "${text}"`);
    return digits[tens ?? ones ?? ''] ?? 0;
  }
  return (tens ? digits[tens]! : 1) * 10 + (ones ? digits[ones]! : 0);
}

const articleHeading = /^第([一二三四五六七八九十]+)条[ \u3000]*/;
const chapterHeading = /^第[一二三四五六七八九十]+章[ \u3000]/;
/** A line that ends a sentence or introduces a list; other lines were cut by a page break. */
const complete = /[。；：！？]$/;

/**
 * Articles of a scraped regulation. Lines before the first 第…条 (title, notice, preamble) are
 * skipped, chapter headings dropped, and reading stops at `endMarker` (the portal's footer that
 * follows some scraped texts). A line that does not end a sentence continues on the next line
 * (the scrape cut it at a page break), so the two are joined without a separator.
 */
export function parseArticles(text: string, endMarker?: string): Article[] {
  const articles: Article[] = [];
  let open = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (endMarker && line.includes(endMarker)) break;
    if (!line || chapterHeading.test(line)) continue;
    const heading = articleHeading.exec(line);
    const current = articles[articles.length - 1];
    if (heading) {
      articles.push({ number: chineseNumber(heading[1]!), paragraphs: [line.slice(heading[0].length)] });
    } else if (!current) {
      continue;
    } else if (open) {
      current.paragraphs[current.paragraphs.length - 1] += line;
    } else {
      current.paragraphs.push(line);
    }
    const last = articles[articles.length - 1]!;
    open = !complete.test(last.paragraphs[last.paragraphs.length - 1]!);
  }
  return articles;
}

export const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
