import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFoundError } from '../../core/errors/domain-errors.js';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The page's own files (copied beside the compiled code by `npm run build`). */
const OWN_ASSETS = join(dirname(fileURLToPath(import.meta.url)), 'assets');

/** Chart.js's UMD build, which defines the global `Chart`, from the installed package. */
const chartJsFile = (): string => join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/**
 * The dashboard's scripts and styles, served by the service itself so the page needs nothing from
 * any other host. Read once at start: a missing file stops the boot rather than breaking pages.
 */
@Injectable()
export class DashboardAssets implements OnModuleInit {
  private readonly assets = new Map<string, Asset>();

  onModuleInit(): void {
    const files: [name: string, path: string, type: string][] = [
      ['chart.umd.min.js', chartJsFile(), 'text/javascript; charset=utf-8'],
      ['dashboard.js', join(OWN_ASSETS, 'dashboard.js'), 'text/javascript; charset=utf-8'],
      ['dashboard.css', join(OWN_ASSETS, 'dashboard.css'), 'text/css; charset=utf-8'],
    ];
    for (const [name, path, type] of files) {
      const body = readFileSync(path);
      this.assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url')}"` });
    }
  }

  /** The file, or 304 when the browser's copy is current; 404 for any other name. */
  send(name: string, request: Request, response: Response): void {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundError(`No dashboard asset ${name}`);
    response.set({
      'Content-Type': asset.type,
      'Cache-Control': 'no-cache',
      ETag: asset.etag,
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.headers['if-none-match'] === asset.etag) {
      response.status(304).end();
      return;
    }
    response.send(asset.body);
  }
}
