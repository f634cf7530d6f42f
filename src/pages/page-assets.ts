import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PageAsset {
  readonly content: Buffer;
  readonly contentType: string;
}

/**
 * The pages' static files, addressed by a hash of their content so they can be cached for a year: a new version
 * gets a new URL. Försäkringskassan's design system (@fkui/design) ships compiled CSS that needs no framework (its
 * components are classes on plain HTML), so it is served as is from node_modules; portal.css adds the page frame.
 */
@Injectable()
export class PageAssets {
  private readonly byName = new Map<string, PageAsset>();
  readonly urls: Readonly<Record<'fkui' | 'portal', string>>;

  constructor() {
    const fkui = this.add('fkui', readFileSync(require.resolve('@fkui/design/lib/fkui.min.css')));
    const portal = this.add('portal', readFileSync(join(__dirname, 'assets', 'portal.css')));
    this.urls = { fkui, portal };
  }

  /** The asset of a hashed name (`fkui.3f9a….css`); undefined for anything else. */
  find(name: string): PageAsset | undefined {
    return this.byName.get(name);
  }

  private add(stem: string, content: Buffer): string {
    const name = `${stem}.${createHash('sha256').update(content).digest('hex').slice(0, 16)}.css`;
    this.byName.set(name, { content, contentType: 'text/css; charset=utf-8' });
    return `/assets/${name}`;
  }
}
