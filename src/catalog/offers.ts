// What other domains may ask the catalogue in their own connection: the online service behind
// a LeiKa key and the authorities that offer it. The catalogue's tables stay its own
// (repository.ts); these are the queries it exports (drafts start a form with them; the back
// office's "Online-Dienste" offers, withdraws and describes an authority's services with them,
// in the transaction that also writes the audit entry).
export {
  type ActivationTexts,
  deleteActivation,
  findOnlineServiceByKey,
  findOnlineServiceByLeikaKey,
  insertActivation,
  listActivations,
  listActivationsOfAuthority,
  listOnlineServices,
  listServicesOfAuthority,
  updateActivationTexts,
} from './repository.ts';
