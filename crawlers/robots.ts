/** robots.txt handling per origin (Crawlee's RobotsTxtFile parser, our own polite fetch). */
import { RobotsTxtFile } from 'crawlee';
import { PermanentFetchError, type Fetcher } from './http';

export interface RobotsInfo {
  /** null = no robots.txt (everything allowed). */
  file: RobotsTxtFile | null;
  /** true when robots.txt could not be fetched (5xx/network): treat the origin as fully disallowed for now. */
  unavailable: boolean;
  sitemaps: string[];
  /** Crawl-delay in seconds for our agent (or *), when given. */
  crawlDelaySec: number | null;
}

/** Crawl-delay for the most specific matching group (our product token, else *). */
export function crawlDelayFor(content: string, userAgent: string): number | null {
  const token = userAgent.toLowerCase().split('/')[0].trim();
  let agents: string[] = [];
  let inRules = false;
  const delays = new Map<string, number>();
  for (const rawLine of content.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^([a-z-]+)\s*:\s*(.*)$/i.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === 'user-agent') {
      if (inRules) {
        agents = [];
        inRules = false;
      }
      agents.push(value.toLowerCase());
    } else {
      inRules = true;
      if (key === 'crawl-delay') {
        const n = Number.parseFloat(value);
        if (Number.isFinite(n) && n >= 0) for (const a of agents) delays.set(a, n);
      }
    }
  }
  for (const [agent, d] of delays) if (agent !== '*' && token.startsWith(agent)) return d;
  return delays.get('*') ?? null;
}

export class RobotsCache {
  private readonly cache = new Map<string, Promise<RobotsInfo>>();

  constructor(
    private readonly fetcher: Fetcher,
    private readonly userAgent: string,
    private readonly onError: (url: string, message: string) => Promise<void>,
  ) {}

  get(origin: string): Promise<RobotsInfo> {
    let p = this.cache.get(origin);
    if (!p) {
      p = this.load(origin);
      this.cache.set(origin, p);
    }
    return p;
  }

  private async load(origin: string): Promise<RobotsInfo> {
    const url = `${origin}/robots.txt`;
    try {
      const page = await this.fetcher.fetch(url, { accept: 'text/plain,*/*;q=0.5' });
      const file = RobotsTxtFile.from(url, page.body);
      return {
        file,
        unavailable: false,
        sitemaps: file.getSitemaps({ enqueueStrategy: 'same-hostname' }),
        crawlDelaySec: crawlDelayFor(page.body, this.userAgent),
      };
    } catch (e) {
      if (e instanceof PermanentFetchError && e.status != null && e.status >= 400 && e.status < 500 && e.status !== 429) {
        // No robots.txt (404/410/403…): everything is allowed, per the robots exclusion standard.
        return { file: null, unavailable: false, sitemaps: [], crawlDelaySec: null };
      }
      await this.onError(url, `robots.txt unavailable, not crawling ${origin}: ${(e as Error).message}`);
      return { file: null, unavailable: true, sitemaps: [], crawlDelaySec: null };
    }
  }

  async isAllowed(url: string): Promise<boolean> {
    const info = await this.get(new URL(url).origin);
    if (info.unavailable) return false;
    if (!info.file) return true;
    return info.file.isAllowed(url, this.userAgent);
  }
}
