import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PageAsset {
  readonly content: Buffer;
  readonly contentType: string;
}

const TYPES = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' } as const;

/**
 * The pages' static files, addressed by a hash of their content so they can be cached for a year: a new version
 * gets a new URL. Försäkringskassan's design system (@fkui/design) ships compiled CSS that needs no framework (its
 * components are classes on plain HTML), so it is served as is from node_modules; portal.css adds the page frame and
 * portal.js the enhancements (autosave, focus on errors) that every page works without.
 */
@Injectable()
export class PageAssets {
  private readonly byName = new Map<string, PageAsset>();
  readonly urls: Readonly<Record<'fkui' | 'portal' | 'script', string>>;

  constructor() {
    const fkui = this.add('fkui', 'css', readFileSync(require.resolve('@fkui/design/lib/fkui.min.css')));
    const portal = this.add('portal', 'css', readFileSync(join(__dirname, 'assets', 'portal.css')));
    const script = this.add('portal', 'js', readFileSync(join(__dirname, 'assets', 'portal.js')));
    this.urls = { fkui, portal, script };
  }

  /** The asset of a hashed name (`fkui.3f9a….css`); undefined for anything else. */
  find(name: string): PageAsset | undefined {
    return this.byName.get(name);
  }

  private add(stem: string, type: keyof typeof TYPES, content: Buffer): string {
    const name = `${stem}.${createHash('sha256').update(content).digest('hex').slice(0, 16)}.${type}`;
    this.byName.set(name, { content, contentType: TYPES[type] });
    return `/assets/${name}`;
  }
}
