import type { SafeHtml } from '../web/html.ts';
import type { PageFrame } from '../web/layout.ts';
import type { Authority, Directory } from './service.ts';

/**
 * The start page's and each portal front's online services, given by the composition root
 * (the catalogue renders them): tenancy knows no catalogue. Each call returns the same object
 * while the lists are unchanged, which keeps the rendered pages of tenancy/routes.ts valid.
 */
export type ServiceSections = {
  start(frame: PageFrame): Promise<SafeHtml>;
  portal(frame: PageFrame, dir: Directory, authority: Authority): Promise<SafeHtml>;
};
