// The Postfach's part of sending (ADR 0013): the thread with the confirmation message, as a SQL
// fragment the submission statement of the applications domain is assembled from, and what the
// receipt job writes into that thread afterwards. The mailbox tables stay this domain's.
export { findRecipient, insertAttachments } from './repository.ts';
export { fileRows, openMessages, sealedFirstMessage, threadKey } from './sealing.ts';

/**
 * CTEs `thread` and `message`: a Postfach thread for the application in CTE `application`
 * (columns id, authority_id) with the confirmation as its first message, from the authority.
 * Nothing is written when `accountParam` is null (anonymous use has no Postfach).
 */
export function confirmationCtes(p: {
  application: string;
  verbund: string;
  account: string;
  subject: string;
  /** The message's text sealed under the thread's key (sealedFirstMessage in sealing.ts). */
  sealedBody: string;
  at: string;
  threadId: string;
  keyId: string;
  wrappedKey: string;
  messageId: string;
}): string {
  return `thread as (
    insert into mailbox_thread (id, verbund_id, authority_id, account_id, subject, application_id,
      last_message_at, key_id, wrapped_key)
    select ${p.threadId}::uuid, ${p.verbund}, authority_id, ${p.account}::uuid, ${p.subject}, id,
      ${p.at}, ${p.keyId}, ${p.wrappedKey}
    from ${p.application} where ${p.account}::uuid is not null
    returning id, verbund_id, authority_id, account_id),
  message as (
    insert into mailbox_message (id, verbund_id, authority_id, account_id, thread_id, sender,
      sealed_body, sent_at)
    select ${p.messageId}::uuid, verbund_id, authority_id, account_id, id, 'authority',
      ${p.sealedBody}, ${p.at} from thread)`;
}
