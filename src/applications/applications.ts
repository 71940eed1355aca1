// Applications: the entry module of the domain. Sending a draft (submit.ts), the citizen's
// view of what was sent (overview.ts), the receipt (receipts.ts), status changes by
// authorities and withdrawal (status-changes.ts), the authority staff's reading of it
// (authority-view.ts), requests for information and decisions (processing.ts), retention (retention.ts), the data export (export.ts) and what the
// delivery worker sends on (deliverable.ts). Each use case is built here once from the same
// options.
import { createAuthorityView } from './authority-view.ts';
import { createDeliverable } from './deliverable.ts';
import { createExport } from './export.ts';
import { type ApplicationsOptions, resolveOptions } from './options.ts';
import { createOverview } from './overview.ts';
import { createProcessing } from './processing.ts';
import { createReceipts } from './receipts.ts';
import { createRetention } from './retention.ts';
import { createStatusChanges } from './status-changes.ts';
import { createSubmit } from './submit.ts';

export type { ApplicationsOptions } from './options.ts';
export type Applications = ReturnType<typeof createApplications>;

export function createApplications(options: ApplicationsOptions) {
  const deps = resolveOptions(options);
  const { submit, sentFrom } = createSubmit(deps);
  const { list, detail } = createOverview(deps);
  const { receipt, postPendingReceipts, receiptContent, receiptOf } = createReceipts(deps);
  const { deliverable, readDeliverables, storeRenderedReceipts, deliverableFile } =
    createDeliverable(deps, receiptContent, receiptOf);
  const { changeStatus, receivedInside, withdraw, messageCitizen } = createStatusChanges(deps);
  const { purgeExpired } = createRetention(deps);
  const { exportFor } = createExport(deps);
  const { detailForAuthority, attachmentForAuthority, receiptForAuthority, readAsAuthority } =
    createAuthorityView(deps, receiptContent);
  const { requestInformation, decide } = createProcessing(deps);
  return {
    detailForAuthority,
    attachmentForAuthority,
    receiptForAuthority,
    readAsAuthority,
    requestInformation,
    decide,
    submit,
    sentFrom,
    exportFor,
    list,
    detail,
    receipt,
    changeStatus,
    receivedInside,
    messageCitizen,
    withdraw,
    postPendingReceipts,
    deliverable,
    readDeliverables,
    storeRenderedReceipts,
    deliverableFile,
    purgeExpired,
  };
}
